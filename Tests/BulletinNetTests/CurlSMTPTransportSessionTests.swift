import BulletinCore
import Foundation
import Testing

@testable import BulletinNet

@Suite("SMTP sessions: reuse, reconnects and rate", .serialized)
struct CurlSMTPTransportSessionTests {
    @Test(arguments: [(connections: 1, messages: 30), (connections: 3, messages: 60)])
    func connectionsAreReusedForManyMessages(connections: Int, messages count: Int) async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = \(connections)")
        let messages = try (0..<count).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        #expect(outcomes.values.filter { $0.kind == .accepted }.count == count)
        let stats = try server.stats()
        #expect(stats.messages.count == count)
        #expect(stats.sessions >= 1 && stats.sessions <= connections, "\(stats.sessions) sessions")
    }

    @Test func sessionsToADistantRelayWaitForTheirRepliesAtTheSameTime() async throws {
        // Every answer comes 150 ms late: sessions that take turns at the reply to the data (as they did under one
        // libcurl multi handle) keep the server's count of sessions waiting for it at 1.
        let server = try SMTPTestServer(latencyMilliseconds: 150)
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 4")
        let messages = try (0..<12).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        #expect(outcomes.values.filter { $0.kind == .accepted }.count == 12)
        let stats = try server.stats()
        #expect(stats.accepted == 12)
        #expect(stats.maxDataWaits == 4, "at most \(stats.maxDataWaits) of 4 sessions waited for a reply at once")
    }

    @Test func aSessionIsReplacedAfterItsMessageLimit() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 2\nmax_messages_per_connection = 5"
        )
        let messages = try (0..<20).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let (outcomes, failure) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        #expect(failure == nil)
        #expect(outcomes.values.allSatisfy { $0.kind == .accepted })
        let stats = try server.stats()
        #expect(stats.messages.count == 20)
        // 2 sessions, each replaced after 5 messages: 20 / 5 = 4 sessions in all, never more than 2 + 20 / 5.
        #expect(stats.sessions >= 4 && stats.sessions <= 6, "\(stats.sessions) sessions")
    }

    @Test func theRateSpacesMessagesAcrossAllSessions() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 4\nrate = 20")
        let messages = try (0..<11).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") }
        let started = Date()
        let (outcomes, _) = await deliverAll(CurlSMTPTransport(settings: settings, password: nil), messages)
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcomes.values.allSatisfy { $0.kind == .accepted })
        // 11 messages at 20 per second: the last starts 0.5 s after the first.
        #expect(elapsed >= 0.45, "took \(elapsed) s")
    }

    @Test func outcomesArriveWhileDeliveryIsStillRunning() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 2")
        let queue = DeliveryQueue(try (0..<20).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") })
        let batches = DeliveryQueue([])
        let transport = CurlSMTPTransport(settings: settings, password: nil)
        try await transport.deliver(
            next: { queue.next() },
            report: { results in
                batches.record([DeliveryResult(id: TestMessageNames.id("batch"), outcome: results[0].outcome)])
                queue.record(results)
            })
        #expect(queue.results.count == 20)
        #expect(batches.results.count > 1, "outcomes should come back in several batches, as they are known")
    }
}

@Suite("SMTP delivery cancelled", .serialized)
struct CurlSMTPTransportCancellationTests {
    @Test func cancellingStopsTakingMessagesButEndsThoseInFlight() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings(
            "url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\nconnections = 2\nrate = 50")
        let queue = DeliveryQueue(try (0..<1_000).map { try testMessage(id: "m\($0)", to: "reader\($0)@example.net") })
        let transport = CurlSMTPTransport(settings: settings, password: nil)
        let task = Task { try await transport.deliver(next: { queue.next() }, report: { queue.record($0) }) }
        // Cancel once delivery is under way (the machine may be slow to start it).
        for _ in 0..<200 where queue.results.count < 3 { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        try await task.value
        let results = queue.results
        #expect(results.count >= 3 && results.count < 1_000, "\(results.count) delivered")
        #expect(results.allSatisfy { $0.outcome.kind == .accepted })
        #expect(try server.stats().messages.count == results.count)
    }
}
