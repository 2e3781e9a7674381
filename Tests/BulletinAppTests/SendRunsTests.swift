import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// What several runs of `send` do to the ledger, the subscribers and the relay, in-process (their output and exit
/// codes are in SendCommandTests).
@Suite(.serialized) struct SendRunsTests {
    /// The subjects of the messages the relay kept, in order.
    private func subjects(_ relay: AiosmtpdServer) throws -> [String] {
        try relay.stats().messages.compactMap {
            $0.content?.components(separatedBy: "Subject: ").dropFirst().first?.components(separatedBy: "\r\n").first
        }
    }

    @Test func theIssueIsFrozenAtTheFirstRun() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let site = try SendSite(subscribers: ["ann@example.org", "bob@example.net"], relayPort: relay.port)
        let first = try await SendIssue(site.environment, options: .init(limit: 1)).run(week: site.week)
        #expect(first.summary?.sent == 1)
        let lead = try #require(try subjects(relay).first)
        // An editor's exclusion after the first run changes nothing in the issue being sent.
        let steering = try SteerDigest(site.environment)
        let leader = try #require(try DigestPlan.load(site.environment, week: site.week).selection.chosen.first)
        try steering.steer(.exclude, try #require(try steering.article(url: leader.article.url)), week: site.week)
        #expect(
            try DigestPlan.load(site.environment, week: site.week).selection.chosen.first?.article.url
                != leader.article.url)
        let rest = try await SendIssue(site.environment).run(week: site.week)
        #expect(rest.summary?.sent == 1)
        #expect(try subjects(relay) == [lead, lead])
    }

    @Test func deferredMessagesAreRetriedByALaterRun() async throws {
        let relay = try AiosmtpdServer(["--defer-once"])
        let site = try SendSite(subscribers: ["later.dana@example.org", "eve@example.org"], relayPort: relay.port)
        let next = Timestamp.parse("2026-11-25T08:15:00Z")
        await #expect(
            throws: SendIncomplete.deferred(week: SendSite.weekName, count: 1, next: next, ifDue: false)
        ) { try await SendIssue(site.environment).run(week: site.week) }
        #expect(try site.ledger().counts(week: SendSite.weekName)[.deferred] == 1)
        #expect(try relay.stats().copies == ["eve@example.org": 1])

        // Too early for the next attempt: nothing is sent, and the run still says so.
        await #expect(
            throws: SendIncomplete.deferred(week: SendSite.weekName, count: 1, next: next, ifDue: false)
        ) { try await SendIssue(try site.environment(at: "2026-11-25T08:05:00Z")).run(week: site.week) }
        #expect(try relay.stats().messages.count == 1)

        let retry = try await SendIssue(try site.environment(at: "2026-11-25T08:20:00Z")).run(week: site.week)
        #expect(retry.isComplete)
        #expect(try relay.stats().copies == ["eve@example.org": 1, "later.dana@example.org": 1])
        #expect(try site.ledger().counts(week: SendSite.weekName)[.sent] == 2)
    }

    @Test func aRefusedSenderFailsNobodyAndTheNextRunSendsEveryMessageOnce() async throws {
        let relay = try AiosmtpdServer(["--refuse-sender", "553"])
        let everyone = (1...6).map { String(format: "reader%03d@example.org", $0) }
        let site = try SendSite(subscribers: everyone, relayPort: relay.port)
        let error = await #expect(throws: (any Error).self) {
            try await SendIssue(site.environment).run(week: site.week)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("553 5.7.1 Sender address not owned by user"))
        let counts = try site.ledger().counts(week: SendSite.weekName)
        #expect(counts[.queued] == 6, "\(counts)")
        #expect((counts[.failed] ?? 0) == 0 && (counts[.deferred] ?? 0) == 0 && (counts[.sent] ?? 0) == 0)
        #expect(try site.ledger().issue(week: SendSite.weekName)?.completedAt == nil)
        // Nobody was bounced.
        #expect(try site.subscribers().subscriber(email: EmailAddress("reader001@example.org"))?.status == .active)

        // Once the relay takes the sender, the next run sends every message once.
        try relay.set("refuse_sender", "0")
        let again = try await SendIssue(site.environment).run(week: site.week)
        #expect(again.isComplete)
        #expect(try relay.stats().copies == Dictionary(uniqueKeysWithValues: everyone.map { ($0, 1) }))
        #expect(try site.ledger().issue(week: SendSite.weekName)?.completedAt != nil)
    }

    @Test func aWeekWithoutPageViewsIsNotCalledMostRead() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let site = try SendSite(subscribers: ["ann@example.org"], relayPort: relay.port)
        _ = try await SendIssue(site.environment).run(week: site.week)
        let message = try #require(try relay.stats().messages.first?.content)
        #expect(message.contains("newest articles"))
        #expect(!message.contains("read most this week"))
    }

    @Test func aHardBounceFailsTheRowAndMarksTheSubscriberBounced() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: ["bounce.fay@example.org", "gus@example.org"], relayPort: relay.port)
        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.counts[.failed] == 1)
        let status = try DeliveryStatus(site.environment).report(week: nil, problems: 10)
        #expect(status.counts[.failed] == 1)
        let problem = try #require(status.problems.first)
        #expect(problem.email == "bounce.fay@example.org")
        #expect(
            "\(problem.stage): \(problem.replyCode) \(problem.replyText)" == "RCPT TO: 550 5.1.1 No such user here")
        let store = try site.subscribers()
        let bounced = try #require(try store.subscriber(email: EmailAddress("bounce.fay@example.org")))
        #expect(bounced.status == .bounced)
        #expect(try store.history(of: bounced).last?.reason == "550 5.1.1 No such user here (issue 2026-W47)")
    }

    @Test func aSubscriberWhoLeavesBeforeTheirTurnIsSkipped() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(
            subscribers: ["hal@example.org", "ida@example.org", "jon@example.org"], relayPort: relay.port)
        #expect(try await SendIssue(site.environment, options: .init(limit: 1)).run(week: site.week).summary?.sent == 1)
        let changes = try SubscriberChanges(environment: site.environment)
        #expect(try changes.unsubscribe(try EmailAddress("jon@example.org"), reason: "") == .changed(from: .active))
        // Added after the snapshot: waits for next week.
        _ = try changes.add(
            try EmailAddress("kim@example.org"), name: "", topics: [], attributes: [:], status: .active, force: false)
        let rest = try await SendIssue(site.environment).run(week: site.week)
        #expect(rest.isComplete)
        #expect(try relay.stats().copies == ["hal@example.org": 1, "ida@example.org": 1])
        let counts = try site.ledger().counts(week: SendSite.weekName)
        #expect(counts[.sent] == 2)
        #expect(counts[.skipped] == 1)
    }
}

/// `send --requeue` in-process: the listing of a dry run, and the requeue that a send then delivers.
@Suite(.serialized) struct RequeueRunsTests {
    @Test func requeueBringsFailuresBackAndRestoresBouncedSubscribersOnlyWhenAsked() async throws {
        let relay = try AiosmtpdServer(["--refuse-rcpt-every", "2"])
        let everyone = (1...6).map { String(format: "reader%03d@example.org", $0) }
        let site = try SendSite(subscribers: everyone, relayPort: relay.port)
        _ = try site.configure("smtp", "connections = 1")
        let environment = try site.configure("send", "halt_failure_rate = 1")
        let week = SendSite.weekName
        let sent = try await SendIssue(environment).run(week: site.week)
        #expect(sent.counts[.failed] == 3)
        let bounced = try relay.stats().copies
        let failed = everyone.filter { bounced[$0] == nil }
        #expect(failed.count == 3)

        // The dry run lists, and changes nothing.
        func listing(_ selection: RequeueDeliveries.Selection) throws -> RequeueDeliveries.Listing {
            try RequeueDeliveries(environment, ledger: try site.ledger(), selection: selection).list(week: week)
        }
        let dry = try listing(.init(state: .failed))
        #expect(dry.candidates.count == 3)
        #expect(dry.chosen == 0)
        // Each is left alone: bounced, and --restore-bounced not given.
        #expect(dry.candidates.allSatisfy { $0.bouncedByThisIssue && !$0.isRequeued(restoreBounced: false) })
        let dryRestore = try listing(.init(state: .failed, reply: "5.1.1", stages: [.rcptTo], restoreBounced: true))
        #expect(dryRestore.candidates.count == 3)
        #expect(dryRestore.chosen == 3)
        #expect(try site.ledger().counts(week: week)[.failed] == 3)
        // A filter that matches nothing.
        let none = try listing(.init(state: .failed, stages: [.data, .endOfData]))
        #expect(none.candidates.count == 0)
        #expect(none.chosen == 0)

        try relay.set("refuse_rcpt_every", "0")
        // Without restoreBounced the bounced subscribers stay bounced, and their messages failed.
        let kept = try RequeueDeliveries(environment, ledger: try site.ledger(), selection: .init(state: .failed))
            .run(week: week, at: environment.now())
        #expect(kept.leftAlone == 3)
        _ = try await SendIssue(environment).run(week: site.week)
        #expect(try site.ledger().counts(week: week)[.failed] == 3)

        _ = try await SendIssue(
            environment, options: .init(requeue: .init(state: .failed, restoreBounced: true))
        ).run(week: site.week)
        #expect(try site.ledger().counts(week: week)[.sent] == 6)
        #expect(try relay.stats().copies == Dictionary(uniqueKeysWithValues: everyone.map { ($0, 1) }))
        let store = try site.subscribers()
        let restored = try #require(try store.subscriber(email: EmailAddress(failed[0])))
        #expect(restored.status == .active)
        #expect(try store.history(of: restored).last?.source == "send --requeue")
    }
}
