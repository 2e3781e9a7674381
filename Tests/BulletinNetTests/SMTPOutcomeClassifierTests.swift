import BulletinCore
import CCurl
import Testing

@testable import BulletinNet

@Suite("Outcomes from libcurl results and server replies")
struct SMTPOutcomeClassifierTests {
    private let classifier = SMTPOutcomeClassifier(relay: "relay:25", username: "news")

    private func reply(_ code: Int, _ text: String = "text") -> SMTPReply { SMTPReply(code: code, lines: [text]) }

    @Test func acceptsOnlyWhatLibcurlCompleted() {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_OK, errorMessage: "", lastReply: reply(250, "2.0.0 Queued"),
                replyAfterBody: reply(250, "2.0.0 Queued"), bodySent: true))
        #expect(
            outcome == DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "2.0.0 Queued"))
        #expect(stop == nil)
    }

    @Test(arguments: [
        ("RCPT failed: 550", 550, DeliveryOutcome.Kind.rejected, DeliveryOutcome.Stage.rcptTo),
        ("RCPT failed: 452", 452, .deferred, .rcptTo),
        // The message is too large for the relay (RFC 1870): this message's failure, not the sender's.
        ("MAIL failed: 552", 552, .rejected, .mailFrom),
        ("DATA failed: 451", 451, .deferred, .data),
        ("DATA failed: 554", 554, .rejected, .data),
        // "Bad sequence of commands": the session is confused, not the message at fault; a fresh session will do.
        ("MAIL failed: 503", 503, .deferred, .mailFrom),
    ])
    func theReplyCodeDecidesBeforeTheBody(
        error: String, code: Int, kind: DeliveryOutcome.Kind, stage: DeliveryOutcome.Stage
    ) {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_SEND_ERROR, errorMessage: error, lastReply: reply(code), replyAfterBody: nil,
                bodySent: false))
        #expect(outcome.kind == kind)
        #expect(outcome.stage == stage)
        #expect(outcome.replyCode == code)
        #expect(stop == nil)
    }

    @Test(arguments: [
        (530, "5.7.0 Authentication required", "smtp.username" as String?),
        (530, "Must issue a STARTTLS command first", "smtp.tls"),
        (553, "5.7.1 Sender address not owned by user", "smtp.envelope_from"),
        (554, "5.7.1 Sender refused by policy", "smtp.envelope_from"),
        (451, "4.3.0 Try again later", nil),
    ])
    func aRefusedSenderDefersTheMessageAndStopsTheRun(code: Int, text: String, key: String?) {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_SEND_ERROR, errorMessage: "MAIL failed: \(code)", lastReply: reply(code, text),
                replyAfterBody: nil, bodySent: false, sender: "news@example.org"))
        #expect(outcome == DeliveryOutcome(kind: .deferred, stage: .mailFrom, replyCode: code, replyText: text))
        #expect(outcome.concernsTheRelay)
        #expect(
            stop
                == .senderRefused(
                    relay: "relay:25", sender: "news@example.org", username: "news", reply: reply(code, text)))
        #expect(stop?.keyToChange == key)
        #expect(stop?.description.contains("<news@example.org>") == true)
    }

    @Test(arguments: ["MAIL failed: 421", "RCPT failed: 421", "DATA failed: 421"])
    func a421AtAnyStepDefersAndStopsAsUnavailable(error: String) {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_SEND_ERROR, errorMessage: error, lastReply: reply(421, "4.7.0 closing"),
                replyAfterBody: nil, bodySent: false))
        #expect(outcome.kind == .deferred)
        #expect(outcome.concernsTheRelay)
        #expect(stop == .sessionRefused(relay: "relay:25", reply: reply(421, "4.7.0 closing")))
    }

    @Test(arguments: [(451, DeliveryOutcome.Kind.deferred), (554, .rejected), (250, .accepted)])
    func theReplyToTheFinalDotDecidesAfterTheBody(code: Int, kind: DeliveryOutcome.Kind) {
        let (outcome, _) = classifier.classify(
            .init(
                code: CURLE_WEIRD_SERVER_REPLY, errorMessage: "", lastReply: reply(code), replyAfterBody: reply(code),
                bodySent: true))
        #expect(outcome.kind == kind)
        #expect(outcome.stage == .endOfData)
    }

    @Test(arguments: [CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING])
    func aLostConnectionAfterTheBodyIsUnknown(code: CURLcode) {
        let (outcome, stop) = classifier.classify(
            .init(code: code, errorMessage: "", lastReply: reply(354), replyAfterBody: nil, bodySent: true))
        #expect(outcome.kind == .unknown)
        #expect(outcome.replyCode == 0)
        #expect(stop == nil)
    }

    @Test(arguments: [CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING])
    func aLostConnectionBeforeTheBodyIsDeferredWithoutStopping(code: CURLcode) {
        let (outcome, stop) = classifier.classify(
            .init(code: code, errorMessage: "", lastReply: reply(354), replyAfterBody: nil, bodySent: false))
        #expect(outcome.kind == .deferred)
        #expect(outcome.replyCode == 0)
        #expect(stop == nil)
    }

    @Test func relayWideFailuresDeferAndStop() {
        let refused = classifier.classify(
            .init(
                code: CURLE_COULDNT_CONNECT, errorMessage: "Couldn't connect", lastReply: nil, replyAfterBody: nil,
                bodySent: false))
        #expect(refused.outcome.kind == .deferred)
        guard case .unreachable(_, let curlCode, _)? = refused.stop else {
            Issue.record("expected the relay to be unreachable, got \(String(describing: refused.stop))")
            return
        }
        #expect(curlCode == Int(CURLE_COULDNT_CONNECT.rawValue))
        let login = classifier.classify(
            .init(
                code: CURLE_LOGIN_DENIED, errorMessage: "Login denied", lastReply: reply(535), replyAfterBody: nil,
                bodySent: false))
        #expect(login.outcome.kind == .deferred)
        #expect(login.stop == .authenticationFailed(relay: "relay:25", username: "news", reply: reply(535)))
        let greeting = classifier.classify(
            .init(
                code: CURLE_WEIRD_SERVER_REPLY, errorMessage: "", lastReply: reply(421), replyAfterBody: nil,
                bodySent: false))
        #expect(greeting.outcome.kind == .deferred)
        guard case .sessionRefused(_, let reply)? = greeting.stop else {
            Issue.record("expected the session to be refused, got \(String(describing: greeting.stop))")
            return
        }
        #expect(reply.code == 421)
    }

    @Test func repliesAreAssembledAcrossLinesAndChunks() {
        var assembler = SMTPReplyAssembler()
        let text = Array("250-mail.example.org\r\n250-SIZE 1000\r\n250 AUTH PLAIN\r\n55".utf8)
        let first = text.withUnsafeBufferPointer { assembler.feed(UnsafeBufferPointer(rebasing: $0[0..<30])) }
        #expect(first.isEmpty)
        let second = text.withUnsafeBufferPointer { assembler.feed(UnsafeBufferPointer(rebasing: $0[30...])) }
        #expect(second == [SMTPReply(code: 250, lines: ["mail.example.org", "SIZE 1000", "AUTH PLAIN"])])
        let third = Array("0 5.1.1 No such user\r\n".utf8).withUnsafeBufferPointer { assembler.feed($0) }
        #expect(third == [SMTPReply(code: 550, lines: ["5.1.1 No such user"])])
    }
}

@Suite("Outcomes when the body is cut off")
struct SMTPOutcomeClassifierBodyTests {
    private let classifier = SMTPOutcomeClassifier(relay: "relay:25", username: nil)

    @Test func aConnectionLostInTheMiddleOfTheBodyIsDeferred() {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_SEND_ERROR, errorMessage: "", lastReply: SMTPReply(code: 354, lines: ["go ahead"]),
                replyAfterBody: nil, bodySent: false, dataAccepted: true))
        #expect(outcome.kind == .deferred)
        #expect(outcome.stage == .endOfData)
        #expect(stop == nil)
    }

    @Test func aRejectionInTheMiddleOfTheBodyIsRejectedWithoutStopping() {
        let (outcome, stop) = classifier.classify(
            .init(
                code: CURLE_SEND_ERROR, errorMessage: "", lastReply: SMTPReply(code: 552, lines: ["too big"]),
                replyAfterBody: nil, bodySent: false, dataAccepted: true))
        #expect(outcome.kind == .rejected)
        #expect(outcome.replyCode == 552)
        #expect(stop == nil)
    }
}
