import BulletinCore
import Foundation
import Testing

/// Bounces, complaints, unsubscribes and replies in the shapes real MTAs and mailbox providers write them
/// (Tests/BulletinCoreTests/Fixtures/Inbound, written for these tests).
@Suite struct InboundClassifierTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Inbound")

    static let classifier = InboundClassifier(
        bounceAddress: try? EmailAddress("bounces@eurasia.example.org"),
        unsubscribeAddress: try? EmailAddress("unsubscribe@eurasia.example.org"),
        ownAddresses: [(try? EmailAddress("newsletter@eurasia.example.org"))].compactMap { $0 })

    static func findings(_ name: String) throws -> [InboundFinding] {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        return classifier.classify(bytes[...])
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var kind: InboundFinding.Kind
        var recipient: String?
        var status: String?
        var tag: String?
        var testDescription: String { file }
    }

    static let table: [Expected] = [
        Expected(
            file: "postfix-dsn-user-unknown.eml", kind: .hard, recipient: "aigerim.s@mail.example.kz",
            status: "5.1.1", tag: "2026w48.ab12cd"),
        Expected(
            file: "postfix-dsn-delayed.eml", kind: .soft, recipient: "nino@slow.example.ge", status: "4.4.1",
            tag: "2026w48.ff00aa"),
        Expected(
            file: "gmail-dsn-no-such-user.eml", kind: .hard, recipient: "old.reader@gmail.example.com",
            status: "5.1.1", tag: "2026w48.cd34ef"),
        Expected(
            file: "exchange-ndr-recipient-not-found.eml", kind: .hard,
            recipient: "d.tokhtarov@contoso.example.kz", status: "5.1.10", tag: "2026w48.0a0b0c"),
        Expected(
            file: "exim-user-unknown.eml", kind: .hard, recipient: "anahit@yerevan.example.am", status: "550",
            tag: "2026w48.aa11bb"),
        Expected(
            file: "exim-delay-warning.eml", kind: .soft, recipient: "gor@full.example.am", status: "4.2.2",
            tag: "2026w48.cc22dd"),
        Expected(
            file: "qmail-no-mailbox.eml", kind: .hard, recipient: "dilnoza@example.uz", status: "5.1.1",
            tag: "2026w48.ee33ff"),
        Expected(
            file: "sendmail-fatal-errors.eml", kind: .hard, recipient: "rustam@old.example.tj", status: "5.1.1",
            tag: "2026w48.1234ab"),
        Expected(
            file: "yahoo-no-account.eml", kind: .hard, recipient: "batyr@yahoo.example.com", status: "554",
            tag: "2026w48.9f9f9f"),
        Expected(
            file: "postfix-plain-mailbox-full.eml", kind: .soft, recipient: "bolormaa@example.mn",
            status: "5.2.2", tag: "2026w48.5a5a5a"),
        Expected(
            file: "policy-block.eml", kind: .soft, recipient: "ivan@strict.example.ru", status: "5.7.1",
            tag: "2026w48.7b7b7b"),
        Expected(
            file: "arf-complaint-redacted.eml", kind: .complaint, recipient: nil, status: nil,
            tag: "2026w48.ab12cd"),
        Expected(
            file: "arf-complaint-original-rcpt.eml", kind: .complaint, recipient: "zarina@isp.example.net",
            status: nil, tag: "2026w48.ab12cd"),
        Expected(
            file: "mailto-unsubscribe.eml", kind: .unsubscribe, recipient: "kamila@example.kg", status: nil,
            tag: nil),
        Expected(
            file: "out-of-office.eml", kind: .autoReply, recipient: "timur@example.kz", status: nil,
            tag: "2026w48.abcabc"),
        Expected(file: "reader-reply.eml", kind: .other, recipient: "nodira@example.uz", status: nil, tag: nil),
        // Shapes found wanting against a corpus of real reports (README, "Bounces, complaints and unsubscribes").
        Expected(
            file: "exim-local-delivery-mailbox-full.eml", kind: .soft,
            recipient: "saule%mail.example.kz@store7.mail.example.kz", status: "5.0.0", tag: "2026w49.a1b2c3"),
        Expected(
            file: "exchange2003-did-not-reach.eml", kind: .hard, recipient: "sh.yusupov@ministry.example.uz",
            status: nil, tag: "2026w49.b2c3d4"),
        Expected(
            file: "domino-not-listed.eml", kind: .hard, recipient: "n.beridze@bank.example.ge", status: nil,
            tag: "2026w49.c3d4e5"),
        Expected(
            file: "exim-sender-refused-at-mail-from.eml", kind: .soft, recipient: "aliya@uni.example.kz",
            status: "550", tag: "2026w49.d4e5f6"),
        Expected(
            file: "exim-bare-554-relay-quota.eml", kind: .soft, recipient: "ruslan@isp.example.az", status: "554",
            tag: "2026w49.e5f6a7"),
        Expected(
            file: "webde-size-limit-german.eml", kind: .soft, recipient: "jonas.keller@mail.example.de", status: nil,
            tag: "2026w49.f6a7b8"),
        Expected(
            file: "french-recipient-unknown.eml", kind: .hard, recipient: "camille.durand@orange.example.fr",
            status: nil, tag: "2026w49.a7b8c9"),
        Expected(
            file: "gmail-null-mx.eml", kind: .hard, recipient: "ops@closed.example.mn", status: "4.0.0",
            tag: "2026w49.b8c9d0"),
        Expected(
            file: "hotmail-jmrp-complaint.eml", kind: .complaint, recipient: "gulnara.a@hotmail.example.com",
            status: nil, tag: "2026w49.c9d0e1"),
        Expected(
            file: "arf-auth-failure.eml", kind: .other, recipient: "li.wei@mail.example.cn", status: nil,
            tag: "2026w49.d0e1f2"),
        Expected(
            file: "apple-mail-unsubscribe.eml", kind: .unsubscribe, recipient: "aruzhan@icloud.example.com",
            status: nil, tag: nil),
        Expected(
            file: "google-dsn-precise-code.eml", kind: .hard, recipient: "karim@mail.example.tj", status: "5.0.0",
            tag: "2026w49.e1f2a3"),
        Expected(
            file: "sendmail-transcript-reason.eml", kind: .hard, recipient: "bakyt@gw.example.kg", status: "5.1.1",
            tag: "2026w49.f2a3b4"),
        Expected(
            file: "reason-above-address.eml", kind: .hard, recipient: "haruto@mobile.example.jp", status: nil,
            tag: "2026w49.a3b4c5"),
        Expected(
            file: "imail-mailbox-exceeds.eml", kind: .soft, recipient: "enkhjin@corp.example.mn", status: nil,
            tag: "2026w49.b4c5d6"),
        Expected(
            file: "message-details-invalid-user.eml", kind: .hard, recipient: "77010000000@sms.example.kz",
            status: "550", tag: "2026w49.c5d6e7"),
        Expected(
            file: "courier-no-such-domain.eml", kind: .hard, recipient: "temuulen@gone.example.mn", status: "5.0.0",
            tag: "2026w49.d6e7f8"),
        Expected(
            file: "ses-sns-bounce.eml", kind: .hard, recipient: "dana.k@mail.example.kz", status: "5.1.1",
            tag: "2026w49.e7f8a9"),
        Expected(
            file: "ses-complaint.eml", kind: .complaint, recipient: "arman@yahoo.example.com", status: nil,
            tag: "2026w49.f8a9b0"),
    ]

    @Test(arguments: table)
    func classifiesEachShape(expected: Expected) throws {
        let findings = try Self.findings(expected.file)
        #expect(findings.count == 1, "\(findings)")
        let finding = try #require(findings.first)
        #expect(finding.kind == expected.kind, "\(finding)")
        #expect(finding.recipient == expected.recipient, "\(finding)")
        #expect(finding.status == expected.status, "\(finding)")
        #expect(finding.tag == expected.tag, "\(finding)")
        if expected.kind == .hard || expected.kind == .soft {
            #expect(!finding.diagnostic.isEmpty)
        }
    }

    @Test func readsTheServersWordsFromTheReport() throws {
        let postfix = try #require(try Self.findings("postfix-dsn-user-unknown.eml").first)
        #expect(postfix.diagnostic.hasPrefix("550 5.1.1 <aigerim.s@mail.example.kz>: Recipient address rejected"))
        #expect(postfix.detail == "failed")
        #expect(postfix.token == "u1.AbCdEf123")
        let gmail = try #require(try Self.findings("gmail-dsn-no-such-user.eml").first)
        #expect(gmail.diagnostic.contains("does not exist"))
        #expect(gmail.token == "u1.AbCdEf123")
        let exim = try #require(try Self.findings("exim-user-unknown.eml").first)
        #expect(exim.diagnostic.contains("550 No such user here"))
    }

    @Test func findsTheUnsubscribeTokenInTheMailtoSubject() throws {
        let finding = try #require(try Self.findings("mailto-unsubscribe.eml").first)
        #expect(finding.token == "u1.AbCdEf123")
        let complaint = try #require(try Self.findings("arf-complaint-redacted.eml").first)
        #expect(complaint.token == "u1.AbCdEf123")
        #expect(complaint.detail == "abuse")
    }

    @Test func aReportPerRecipientAndTheTagOfTheReturnedOriginal() throws {
        let findings = try Self.findings("dsn-two-recipients-in-a-mailbox.eml")
        #expect(findings.map(\.recipient) == ["one@example.ge", "two@example.ge"])
        #expect(findings.map(\.kind) == [.hard, .soft])
        #expect(findings.allSatisfy { $0.tag == "2026w48.777777" })
    }

    @Test func aTruncatedReportIsReadAsFarAsItGoes() throws {
        let findings = try Self.findings("truncated-dsn.eml")
        let finding = try #require(findings.first)
        #expect(finding.recipient == "lost@example.az")
        #expect(finding.tag == "2026w48.deadbe")
    }

    @Test(arguments: [0, 1, 7, 100, 4096])
    func binaryOrEmptyInputIsOtherNeverACrash(length: Int) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let findings = Self.classifier.classify(bytes[...])
        #expect(!findings.isEmpty)
    }

    /// Pieces of real reports shuffled into nonsense: every combination must classify without a crash.
    @Test func shuffledPiecesOfReportsNeverCrash() throws {
        let names = Self.table.map(\.file) + ["truncated-dsn.eml", "dsn-two-recipients-in-a-mailbox.eml"]
        let fileLines: [String] = try names.flatMap { name in
            try String(decoding: Data(contentsOf: Self.folder.appendingPathComponent(name)), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let lines =
            fileLines + [
                "İSTANBUL ŞİŞLİ", "=?utf-8?B?////?=", "--", "Content-Type: multipart/mixed; boundary=\"\"",
                "\u{0}\u{FFFF}",
            ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var message = ""
            for _ in 0..<(Int(state % 60) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                message += lines[Int(state >> 33) % lines.count] + "\n"
            }
            #expect(!Self.classifier.classify(Array(message.utf8)[...]).isEmpty)
        }
    }

    @Test func aDeepNestOfMultipartsStopsAtTheDepthLimit() {
        var text = "From: MAILER-DAEMON@x.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        for level in 0..<200 {
            text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
        }
        text += "\r\nhello\r\n"
        let findings = Self.classifier.classify(Array(text.utf8)[...])
        #expect(!findings.isEmpty)
    }

    @Test(arguments: [
        ("5.1.1", "", InboundFinding.Kind.hard), ("5.2.2", "", .soft), ("4.2.2", "user unknown", .soft),
        ("5.7.1", "blocked using a blocklist", .soft), ("5.7.1", "550 5.7.1 user unknown", .hard),
        ("550", "Mailbox full", .soft), ("5.4.4", "", .hard), ("5.3.0", "", .soft), ("5.2.1", "", .hard),
        ("5.7.1", "553 5.7.1 <news@example.org>: Sender address rejected: not owned by user", .soft),
        ("5.1.8", "", .soft), ("5.1.1", "550 5.1.1 Recipient address rejected: User unknown", .hard),
        // A bare permanent code without words is no proof the reader is gone; a precise one in the words is.
        ("5.0.0", "", .soft), ("550", "550 Unroutable sender address", .soft), ("5.0.0", "550 #5.1.0 Rejected", .hard),
        ("5.0.0", "554 you have reached the daily relay quota", .soft), ("4.0.0", "returned Null MX", .hard),
        ("5.0.0", "550 Benutzer unbekannt", .hard), ("5.2.2", "Postfach voll", .soft),
    ])
    func severityFollowsWordsThenCode(status: String, diagnostic: String, kind: InboundFinding.Kind) {
        #expect(BounceSeverity.classify(status: status, diagnostic: diagnostic, action: "failed") == kind)
    }

    @Test(arguments: ["4.12.2026", "5.1.1.1", "5..1", "550x", "5.1"])
    func datesAndVersionsAreNoStatusCodes(text: String) {
        #expect(EnhancedStatus(text) == nil)
    }

    @Test func aDeliveryStatusWithoutAPerMessageGroupKeepsItsOnlyRecipient() {
        let report = """
            From: MAILER-DAEMON@relay.example.org
            Content-Type: multipart/report; report-type=delivery-status; boundary="R"

            --R
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; only@example.kz
            Action: failed
            Status: 5.1.1

            --R--
            """
        let findings = Self.classifier.classify(Array(report.utf8)[...])
        #expect(findings.map(\.recipient) == ["only@example.kz"])
        #expect(findings.first?.kind == .hard)
    }

    @Test func aReportIsDatedByItsArrivalDateElseItsDate() throws {
        let courier = try #require(try Self.findings("courier-no-such-domain.eml").first)
        #expect(courier.reportedAt == MessageDate.parse("Mon, 07 Dec 2026 16:07:05 +0800"))
        let exim = try #require(try Self.findings("exim-bare-554-relay-quota.eml").first)
        #expect(exim.reportedAt == MessageDate.parse("Mon, 07 Dec 2026 07:01:00 +0000"))
    }

    @Test func aReportOfDeliveryIsNoFailure() {
        #expect(BounceSeverity.classify(status: "2.0.0", diagnostic: "", action: "delivered") == nil)
    }

    @Test func decodesEncodedWordsAcrossCharsets() {
        #expect(
            MIMEText.decodeEncodedWords("=?UTF-8?Q?Automatische_Antwort:?= =?UTF-8?B?w5xiZXI=?=")
                == "Automatische Antwort:Über")
        #expect(MIMEText.decodeEncodedWords("=?iso-8859-1?q?R=E9ponse?= automatique") == "Réponse automatique")
        #expect(MIMEText.decodeEncodedWords("plain =?broken") == "plain =?broken")
    }
}
