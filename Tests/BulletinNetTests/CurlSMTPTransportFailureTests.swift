import BulletinCore
import Foundation
import Testing

@testable import BulletinNet

@Suite("SMTP delivery when the connection fails", .serialized)
struct CurlSMTPTransportFailureTests {
    @Test func aServerKilledAfterTheBodyLeavesTheMessageUnknownAndStopsDelivery() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 1")
        let messages =
            try [
                testMessage(id: "before", to: "first@example.net"),
                testMessage(id: "killed", to: "kill@example.net"),
            ] + (1...5).map { try testMessage(id: "after-\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(outcomes["before"]?.kind == .accepted)
        let killed = try #require(outcomes["killed"])
        #expect(killed.kind == .unknown, "\(killed)")
        #expect(killed.stage == .endOfData)
        #expect(killed.replyCode == 0)
        #expect(outcomes["after-1"]?.kind == .deferred)
        // The dying server may still take one connection before its port closes; then the next one is refused.
        let after = outcomes.filter { $0.key.hasPrefix("after-") }
        #expect(after.values.allSatisfy { $0.kind == .deferred })
        #expect(after.count < 5, "delivery should stop once the relay is unreachable")
        guard case .unreachable(_, 7, _) = failure else {
            Issue.record("expected the relay to be unreachable, got \(String(describing: failure))")
            return
        }
    }

    @Test func aServerKilledBeforeTheBodyDefersTheMessage() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 1")
        let (outcomes, _) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil),
            [try testMessage(id: "dropped", to: "drop@example.net")])
        let outcome = try #require(outcomes["dropped"])
        #expect(outcome.kind == .deferred, "\(outcome)")
        #expect(outcome.replyCode == 0)
    }

    @Test func aRefusedConnectionDefersAndStops() async throws {
        let port = try SMTPTestServer.closedPort()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"\nconnections = 2")
        let messages = try (0..<10).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(!outcomes.isEmpty && outcomes.count <= 2)
        for outcome in outcomes.values {
            #expect(outcome.kind == .deferred)
            #expect(outcome.stage == .session)
            #expect(outcome.replyCode == 0)
        }
        let error = try #require(failure)
        guard case .unreachable = error else {
            Issue.record("expected the relay to be unreachable, got \(error)")
            return
        }
        #expect(error.description.contains("127.0.0.1:\(port)"))
    }

    @Test func aServerThatNeverGreetsTimesOutAsDeferred() async throws {
        let server = try SMTPTestServer(stall: true)
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnect_timeout = 1\nmessage_timeout = 1")
        let started = Date()
        let (outcomes, _) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil), [try testMessage(id: "a", to: "reader@example.net")])
        // The 1 s timeouts ended it, not libcurl's default of minutes; generous for a loaded CI machine.
        #expect(Date().timeIntervalSince(started) < 60)
        let outcome = try #require(outcomes["a"])
        #expect(outcome.kind == .deferred, "\(outcome)")
        #expect(outcome.replyCode == 0)
    }

    @Test func aServerThatStallsAfterTheBodyTimesOutAsUnknown() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnect_timeout = 2\nmessage_timeout = 1")
        let started = Date()
        let (outcomes, failure) = await deliverAll(
            CurlSMTPTransport(settings: settings, password: nil), [try testMessage(id: "a", to: "slow@example.net")])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(failure == nil)
        let outcome = try #require(outcomes["a"])
        #expect(outcome.kind == .unknown, "\(outcome)")
        #expect(outcome.stage == .endOfData)
    }
}
