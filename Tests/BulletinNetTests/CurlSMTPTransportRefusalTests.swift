import BulletinCore
import Foundation
import Testing

@testable import BulletinNet

/// Refusals that concern the sender or the session, from a real aiosmtpd relay: libcurl's "MAIL failed: 553" is
/// told apart from "RCPT failed: 550", and the transport stops instead of refusing every message.
@Suite("SMTP transport: sender and session refusals")
struct CurlSMTPTransportRefusalTests {
    @Test(arguments: [553, 554, 530])
    func aRefusedSenderStopsAfterTheMessagesInFlight(code: Int) async throws {
        let server = try SMTPTestServer(extra: ["--refuse-sender", "\(code)"])
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 2")
        let messages = try (0..<20).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(!outcomes.isEmpty && outcomes.count <= 2, "delivery should stop instead of refusing every message")
        for outcome in outcomes.values {
            #expect(outcome.kind == .deferred)
            #expect(outcome.stage == .mailFrom)
            #expect(outcome.replyCode == code)
            #expect(outcome.concernsTheRelay)
        }
        guard case .senderRefused(_, let sender, _, let reply) = failure else {
            Issue.record("expected the sender to be refused, got \(String(describing: failure))")
            return
        }
        #expect(sender == "bounces@example.org")
        #expect(reply.code == code)
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func aRelayClosingWith421StopsAsUnavailable() async throws {
        let server = try SMTPTestServer(extra: ["--refuse-sender", "421"])
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 1")
        let messages = try (0..<5).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(outcomes.count == 1)
        #expect(outcomes.values.allSatisfy { $0.kind == .deferred && $0.concernsTheRelay })
        guard case .sessionRefused(_, let reply) = failure else {
            Issue.record("expected the session to be refused, got \(String(describing: failure))")
            return
        }
        #expect(reply.code == 421)
    }

    @Test func aRefusedRecipientIsStillTheRecipientsFailure() async throws {
        let server = try SMTPTestServer(extra: ["--refuse-rcpt-every", "2"])
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 1")
        let messages = try (0..<6).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        #expect(outcomes.count == 6)
        #expect(outcomes.values.filter { $0.isHardBounce }.count == 3)
        #expect(outcomes.values.filter { $0.kind == .accepted }.count == 3)
    }

    @Test func theProbeTriesTheSenderAndReportsAuthWithoutAUsername() throws {
        let refusing = try SMTPTestServer(extra: ["--refuse-sender", "553"])
        let report = try SMTPProbe.check(
            settings: try smtpSettings("url = \"smtp://127.0.0.1:\(refusing.port)\"\ntls = \"none\""), password: nil,
            sender: "news@example.org")
        #expect(report.senderReply?.code == 553)
        #expect(!report.isReady)
        #expect(report.problems.first?.key == "smtp.envelope_from")
        guard case .senderRefused(let error)? = report.problems.first?.cause else {
            Issue.record("expected the sender to be refused, got \(report.problems)")
            return
        }
        #expect(error.keyToChange == "smtp.envelope_from")

        let auth = try SMTPTestServer(auth: true)
        let authReport = try SMTPProbe.check(
            settings: try smtpSettings("url = \"smtp://127.0.0.1:\(auth.port)\"\ntls = \"none\""), password: nil,
            sender: "news@example.org")
        #expect(authReport.problems.map(\.key) == ["smtp.username", "smtp.username"])

        let plain = try SMTPTestServer()
        let ready = try SMTPProbe.check(
            settings: try smtpSettings("url = \"smtp://127.0.0.1:\(plain.port)\"\ntls = \"none\""), password: nil,
            sender: "news@example.org")
        #expect(ready.isReady)
        #expect(ready.senderReply?.code == 250)
        #expect(try plain.stats().messages.isEmpty)
    }
}
