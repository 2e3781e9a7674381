import BulletinCore
import Foundation
import Testing

@testable import BulletinNet

/// Delivers through a transport and returns every result, and the error that stopped the run if any.
func deliverAll(
    _ transport: CurlSMTPTransport, _ messages: [MailSubmission]
) async -> ([String: DeliveryOutcome], SMTPError?) {
    let queue = DeliveryQueue(messages)
    var failure: SMTPError?
    do {
        try await transport.deliver(next: { queue.next() }, report: { queue.record($0) })
    } catch let error as SMTPError {
        failure = error
    } catch {
        Issue.record("unexpected error \(error)")
    }
    let results = queue.results
    #expect(Set(results.map(\.id)).count == results.count, "a message got two outcomes")
    return (
        Dictionary(uniqueKeysWithValues: results.map { (TestMessageNames.name($0.id), $0.outcome) }), failure
    )
}

@Suite("SMTP delivery through libcurl against aiosmtpd", .serialized)
struct CurlSMTPTransportTests {
    @Test func plainSessionAcceptsEveryMessageWithTheServersReply() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 2")
        let messages = try (0..<12).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        #expect(outcomes.count == 12)
        for (_, outcome) in outcomes {
            #expect(outcome.kind == .accepted)
            #expect(outcome.replyCode == 250)
            #expect(outcome.replyText.hasPrefix("2.0.0 Queued as"))
        }
        let stats = try server.stats()
        #expect(stats.messages.count == 12)
        #expect(Set(stats.messages.flatMap(\.to)) == Set(messages.map(\.recipient.value)))
        #expect(stats.messages.allSatisfy { $0.from == "bounces@example.org" })
    }

    @Test func starttlsVerifiesTheServerAgainstTheGivenCA() async throws {
        let server = try SMTPTestServer(tls: .starttls)
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\nca_file = \"\(server.certificate.path)\"")
        #expect(settings.tls == .starttls)
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil), [try testMessage(id: "a", to: "reader@example.net")])
        #expect(failure == nil)
        #expect(outcomes["a"]?.kind == .accepted)
        #expect(try server.stats().messages.count == 1)
    }

    @Test func starttlsWithoutTheCAStopsBeforeSendingAnything() async throws {
        let server = try SMTPTestServer(tls: .starttls)
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"")
        let messages = try (0..<5).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        guard case .tlsFailed(_, let code, _) = failure else {
            Issue.record("expected a TLS failure, got \(String(describing: failure))")
            return
        }
        #expect(code == 60)
        #expect(!outcomes.isEmpty && outcomes.values.allSatisfy { $0.kind == .deferred })
        #expect(outcomes.count < messages.count, "delivery should stop instead of deferring every message")
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func plainRelayWithoutStarttlsIsRefusedWhenStarttlsIsRequired() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"")
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil), [try testMessage(id: "a", to: "reader@example.net")])
        guard case .tlsFailed(_, let code, _) = failure else {
            Issue.record("expected a TLS failure, got \(String(describing: failure))")
            return
        }
        #expect(code == 64)
        #expect(outcomes["a"]?.kind == .deferred)
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func authenticatesWithTheConfiguredPassword() async throws {
        let server = try SMTPTestServer(tls: .starttls, auth: true)
        let settings = try smtpSettings(
            """
            url = "smtp://127.0.0.1:\(server.port)"
            ca_file = "\(server.certificate.path)"
            username = "bulletin"
            password_env = "TEST_SMTP_PASSWORD"
            connections = 1
            """)
        let password = try settings.password(
            environment: ["TEST_SMTP_PASSWORD": "correct horse"], configurationFile: "test.toml")
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: password),
            try (0..<3).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") })
        #expect(failure == nil)
        #expect(outcomes.values.allSatisfy { $0.kind == .accepted })
        let stats = try server.stats()
        #expect(stats.messages.count == 3)
        #expect(stats.sessions == 1)
    }

    @Test func aRefusedLoginStopsDeliveryAndNeverShowsThePassword() async throws {
        let server = try SMTPTestServer(tls: .starttls, auth: true)
        let settings = try smtpSettings(
            """
            url = "smtp://127.0.0.1:\(server.port)"
            ca_file = "\(server.certificate.path)"
            username = "bulletin"
            password_env = "TEST_SMTP_PASSWORD"
            """)
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: "wrong-Pa55word"),
            [try testMessage(id: "a", to: "reader@example.net")])
        let error = try #require(failure)
        guard case .authenticationFailed(_, "bulletin", let reply) = error else {
            Issue.record("expected a login failure, got \(error)")
            return
        }
        #expect(reply?.code == 535)
        #expect(!error.description.contains("wrong-Pa55word"))
        #expect(outcomes["a"]?.kind == .deferred)
        #expect(outcomes["a"].map { !$0.description.contains("wrong-Pa55word") } == true)
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func eachReplyDecidesItsOwnMessageOnOneSession() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 1")
        let cases: [(String, DeliveryOutcome.Kind, DeliveryOutcome.Stage, Int)] = [
            ("first@example.net", .accepted, .endOfData, 250),
            ("bounce@example.net", .rejected, .rcptTo, 550),
            ("later@example.net", .deferred, .rcptTo, 451),
            ("spam@example.net", .rejected, .endOfData, 554),
            ("last@example.net", .accepted, .endOfData, 250),
        ]
        let messages = try cases.map { try testMessage(id: $0.0, to: $0.0) }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        for (recipient, kind, stage, code) in cases {
            let outcome = try #require(outcomes[recipient])
            #expect(outcome.kind == kind, "\(recipient): \(outcome)")
            #expect(outcome.stage == stage, "\(recipient): \(outcome)")
            #expect(outcome.replyCode == code, "\(recipient): \(outcome)")
        }
        #expect(outcomes["bounce@example.net"]?.isHardBounce == true)
        #expect(outcomes["bounce@example.net"]?.replyText == "5.1.1 No such user here")
        #expect(outcomes["spam@example.net"]?.isHardBounce == false)
        let stats = try server.stats()
        #expect(stats.messages.count == 2)
        // libcurl ends a session after a failed transfer (smtp_done: "SMTP done with bad status"); the next
        // message opens a fresh one.
        #expect(stats.sessions <= 4)
    }
}

@Suite("SMTP delivery over implicit TLS", .serialized)
struct CurlSMTPImplicitTLSTests {
    @Test func smtpsVerifiesTheServerAndDelivers() async throws {
        let server = try SMTPTestServer(tls: .implicit)
        let settings = try smtpSettings(
            "url = \"smtps://127.0.0.1:\(server.port)\"\nca_file = \"\(server.certificate.path)\"\nconnections = 1")
        #expect(settings.tls == .implicit)
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil),
            try (0..<3).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") })
        #expect(failure == nil)
        #expect(outcomes.values.allSatisfy { $0.kind == .accepted })
        let stats = try server.stats()
        #expect(stats.messages.count == 3)
        #expect(stats.sessions == 1)
    }
}
