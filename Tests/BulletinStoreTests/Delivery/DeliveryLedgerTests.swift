import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite struct DeliveryLedgerTests {
    private static let week = "2026-W47"

    /// A store with `active` active subscribers and one unsubscribed, and a ledger over it.
    private static func fixture(active: Int = 3, maxAttempts: Int = 3) throws -> (StoreFixture, SQLiteDeliveryLedger) {
        let fixture = try StoreFixture()
        for index in 0..<active {
            try fixture.store.add(
                email: try EmailAddress("reader\(index)@example.org"), name: "Reader \(index)", topics: [],
                attributes: [:], status: .active, source: "test", at: fixture.now)
        }
        try fixture.store.add(
            email: try EmailAddress("gone@example.org"), name: "", topics: [], attributes: [:], status: .unsubscribed,
            source: "test", at: fixture.now)
        return (
            fixture,
            SQLiteDeliveryLedger(database: fixture.store.database, policy: RetryPolicy(maxAttempts: maxAttempts))
        )
    }

    private static func issue(at now: Date) -> FrozenIssue {
        FrozenIssue(
            week: week, number: 1, subject: "Subject", textPart: "Hello \u{E000}name\u{E001}",
            htmlPart: "<p>Hello \u{E000}name\u{E001}</p>",
            articles: ["https://example.org/a", "https://example.org/b"],
            createdAt: now)
    }

    private static func outcome(
        _ kind: DeliveryOutcome.Kind, _ stage: DeliveryOutcome.Stage = .endOfData, _ code: Int = 250
    )
        -> DeliveryOutcome
    {
        DeliveryOutcome(kind: kind, stage: stage, replyCode: code, replyText: "reply \(code)")
    }

    @Test func freezingStoresTheIssueAndSnapshotsTheActiveSubscribersOnce() throws {
        let (fixture, ledger) = try Self.fixture()
        let frozen = try ledger.freeze(Self.issue(at: fixture.now))
        #expect(frozen.audience == 3)
        #expect(try ledger.issue(week: Self.week) == frozen)
        #expect(try ledger.counts(week: Self.week) == [.queued: 3])
        // The articles count as sent once a message went out (not before: a send stopped by a refused sender
        // reached nobody); from then on the next week's selection leaves them out.
        let digest = SQLiteDigestStore(database: fixture.store.database)
        #expect(try digest.sentArticles(before: "2026-W48").isEmpty)
        let first = try #require(try ledger.claim(week: Self.week, after: 0, limit: 1, now: fixture.now).claimed.first)
        try ledger.record(
            week: Self.week,
            [.init(subscriberID: first.subscriber.id, outcome: Self.outcome(.accepted), messageID: "m1", attempts: 1)],
            at: fixture.now)
        #expect(try digest.sentArticles(before: "2026-W48").keys.sorted() == frozen.articles)
        #expect(throws: DeliveryLedgerError.alreadyFrozen(Self.week)) { try ledger.freeze(Self.issue(at: fixture.now)) }
        #expect(try ledger.issue(week: Self.week)?.rendered.text.slots == ["name"])
    }

    @Test func aRefusalByTheRelayQueuesTheRowAgainWithItsReplyAndAHaltIsKept() throws {
        let (fixture, ledger) = try Self.fixture(active: 2)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let claimed = try ledger.claim(week: Self.week, after: 0, limit: 2, now: fixture.now).claimed
        let refused = DeliveryOutcome(
            kind: .deferred, stage: .mailFrom, replyCode: 553, replyText: "5.7.1 Sender address not owned by user")
        let unreachable = DeliveryOutcome(kind: .deferred, stage: .session, replyCode: 0, replyText: "Couldn't connect")
        try ledger.record(
            week: Self.week,
            [
                .init(
                    subscriberID: claimed[0].subscriber.id, outcome: refused, messageID: "", attempts: 1,
                    countsAsAttempt: false),
                .init(
                    subscriberID: claimed[1].subscriber.id, outcome: unreachable, messageID: "", attempts: 1,
                    countsAsAttempt: false),
            ],
            at: fixture.now)
        #expect(try ledger.counts(week: Self.week) == [.queued: 1, .deferred: 1])
        #expect(try ledger.dueCount(week: Self.week, now: fixture.now) == 2)
        #expect(try !ledger.completeIfSettled(week: Self.week, at: fixture.now))

        try ledger.halt(week: Self.week, reason: "60 of the last 100 messages were refused", at: fixture.now)
        #expect(try ledger.issue(week: Self.week)?.haltReason == "60 of the last 100 messages were refused")
        #expect(try ledger.resume(week: Self.week))
        #expect(try ledger.issue(week: Self.week)?.haltReason == nil)
        #expect(try !ledger.resume(week: Self.week))
    }

    @Test func claimingSkipsSubscribersWhoLeftAndBatchesInIdOrder() throws {
        let (fixture, ledger) = try Self.fixture()
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        _ = try fixture.store.changeStatus(
            email: try EmailAddress("reader1@example.org"), to: .unsubscribed, source: "test", reason: "",
            at: fixture.now)
        let first = try ledger.claim(week: Self.week, after: 0, limit: 2, now: fixture.now)
        #expect(first.claimed.map(\.subscriber.email) == ["reader0@example.org"])
        #expect(first.skipped == 1)
        #expect(first.claimed.first?.attempts == 1)
        let second = try ledger.claim(week: Self.week, after: first.lastID ?? 0, limit: 2, now: fixture.now)
        #expect(second.claimed.map(\.subscriber.email) == ["reader2@example.org"])
        let none = try ledger.claim(week: Self.week, after: second.lastID ?? 0, limit: 2, now: fixture.now)
        #expect(none.lastID == nil)
        #expect(try ledger.counts(week: Self.week) == [.sending: 2, .skipped: 1])
    }

    @Test func deferralsWaitLongerEachTimeThenFail() throws {
        let (fixture, ledger) = try Self.fixture(active: 1, maxAttempts: 2)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        var now = fixture.now
        let first = try #require(try ledger.claim(week: Self.week, after: 0, limit: 10, now: now).claimed.first)
        try ledger.record(
            week: Self.week,
            [
                .init(
                    subscriberID: first.subscriber.id, outcome: Self.outcome(.deferred, .rcptTo, 451), messageID: "m1",
                    attempts: 1)
            ],
            at: now)
        #expect(try ledger.nextAttempt(week: Self.week) == now.addingTimeInterval(15 * 60))
        #expect(try ledger.dueCount(week: Self.week, now: now) == 0)
        now = now.addingTimeInterval(15 * 60)
        #expect(try ledger.dueCount(week: Self.week, now: now) == 1)
        let second = try #require(try ledger.claim(week: Self.week, after: 0, limit: 10, now: now).claimed.first)
        #expect(second.attempts == 2)
        let recorded = try ledger.record(
            week: Self.week,
            [
                .init(
                    subscriberID: second.subscriber.id, outcome: Self.outcome(.deferred, .rcptTo, 451), messageID: "m2",
                    attempts: 2)
            ],
            at: now)
        #expect(recorded.gaveUp == 1)
        #expect(try ledger.counts(week: Self.week) == [.failed: 1])
        #expect(try ledger.completeIfSettled(week: Self.week, at: now))
    }

    @Test func earlierIssuesWithMessagesLeftAreNamedWithTheirCount() throws {
        let (fixture, ledger) = try Self.fixture(active: 2)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let claimed = try ledger.claim(week: Self.week, after: 0, limit: 1, now: fixture.now).claimed
        try ledger.record(
            week: Self.week,
            claimed.map {
                .init(subscriberID: $0.subscriber.id, outcome: Self.outcome(.accepted), messageID: "m", attempts: 1)
            },
            at: fixture.now)
        #expect(try ledger.unfinishedWeeks(before: "2026-W48").map(\.week) == [Self.week])
        #expect(try ledger.unfinishedWeeks(before: "2026-W48").map(\.remaining) == [1])
        #expect(try ledger.unfinishedWeeks(before: Self.week).isEmpty)
    }

    @Test func aDeferralAboutTheRelayDoesNotUseUpAnAttempt() throws {
        let (fixture, ledger) = try Self.fixture(active: 1)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let row = try #require(try ledger.claim(week: Self.week, after: 0, limit: 10, now: fixture.now).claimed.first)
        try ledger.record(
            week: Self.week,
            [
                .init(
                    subscriberID: row.subscriber.id, outcome: Self.outcome(.deferred, .session, 0), messageID: "",
                    attempts: 1, countsAsAttempt: false)
            ], at: fixture.now)
        #expect(try ledger.dueCount(week: Self.week, now: fixture.now) == 1)
        #expect(try ledger.problems(week: Self.week, states: [.deferred], limit: 5).first?.attempts == 0)
    }

    @Test func aHardBounceMarksTheSubscriberBouncedWithTheReply() throws {
        let (fixture, ledger) = try Self.fixture(active: 1)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let row = try #require(try ledger.claim(week: Self.week, after: 0, limit: 10, now: fixture.now).claimed.first)
        let recorded = try ledger.record(
            week: Self.week,
            [
                .init(
                    subscriberID: row.subscriber.id, outcome: Self.outcome(.rejected, .rcptTo, 550), messageID: "",
                    attempts: 1)
            ],
            at: fixture.now)
        #expect(recorded.bounced == 1)
        let subscriber = try #require(try fixture.subscriber("reader0@example.org"))
        #expect(subscriber.status == .bounced)
        let event = try #require(try fixture.store.events(subscriberID: subscriber.id).last)
        #expect(event.source == "send")
        #expect(event.reason == "550 reply 550 (issue 2026-W47)")
    }

    @Test func aBounceAndItsRestoreChangeTheStatusAloneAndOnlyFromTheStatusRead() throws {
        let (fixture, ledger) = try Self.fixture(active: 2)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let rows = try ledger.claim(week: Self.week, after: 0, limit: 10, now: fixture.now).claimed
        let later = fixture.now.addingTimeInterval(3_600)
        try ledger.record(
            week: Self.week,
            rows.map {
                .init(
                    subscriberID: $0.subscriber.id, outcome: Self.outcome(.rejected, .rcptTo, 550), messageID: "",
                    attempts: 1)
            }, at: later)
        let before = try #require(try fixture.subscriber("reader0@example.org"))
        #expect(before.status == .bounced)
        #expect(before.confirmedAt == rows[0].subscriber.confirmedAt)
        let candidates = try ledger.requeueCandidates(week: Self.week, .init(state: .failed))
        // reader1 left between the listing and the requeue: their row is left alone, their status kept.
        try fixture.store.changeStatus(
            email: try EmailAddress("reader1@example.org"), to: .unsubscribed, source: "web", reason: "", at: later,
            force: true)
        let done = try ledger.requeue(week: Self.week, candidates, restoreBounced: true, at: later)
        #expect(done == .init(requeued: 1, restored: 1, leftAlone: 1))
        let restored = try #require(try fixture.subscriber("reader0@example.org"))
        #expect(restored.status == .active)
        #expect(restored.confirmedAt == before.confirmedAt)
        #expect(try fixture.subscriber("reader1@example.org")?.status == .unsubscribed)
    }

    @Test func recoveryUsesTheJournalAndLeavesAtMostTheRowsInFlightUnknown() throws {
        let (fixture, ledger) = try Self.fixture(active: 3)
        _ = try ledger.freeze(Self.issue(at: fixture.now))
        let rows = try ledger.claim(week: Self.week, after: 0, limit: 10, now: fixture.now).claimed.map(\.subscriber.id)
        // The run that died: handed over rows 0 and 1, knew row 0 was accepted, never reached row 2.
        let path = fixture.folder.appendingPathComponent("journal").path
        let journal = try SendJournal(path: path)
        try journal.handingOver(week: Self.week, subscriberID: rows[0])
        try journal.handingOver(week: Self.week, subscriberID: rows[1])
        try journal.ended(week: Self.week, [(rows[0], Self.outcome(.accepted), "id0@example.org")])
        let replay = try #require(try SendJournal.read(path: path))
        let recovery = try ledger.recover(replay, at: fixture.now)
        #expect(recovery == SQLiteDeliveryLedger.Recovery(settled: 1, unknown: 1, requeued: 1))
        #expect(try ledger.counts(week: Self.week) == [.sent: 1, .unknown: 1, .queued: 1])
        // Without a journal nothing can be told apart: every row in flight is unknown.
        let again = try ledger.claim(week: Self.week, after: 0, limit: 10, now: fixture.now)
        #expect(again.claimed.count == 1)
        #expect(try ledger.recover(nil, at: fixture.now) == SQLiteDeliveryLedger.Recovery(unknown: 1))
        #expect(try ledger.requeueUnknown(week: Self.week, at: fixture.now) == 2)
        #expect(try ledger.counts(week: Self.week) == [.sent: 1, .queued: 2])
    }

    @Test func aJournalCutShortByACrashIsStillRead() throws {
        let fixture = try StoreFixture()
        try FileManager.default.createDirectory(at: fixture.folder, withIntermediateDirectories: true)
        let path = fixture.folder.appendingPathComponent("journal").path
        try Data("S\t2026-W47\t7\nR\t2026-W47\t7\taccepted\tend of data\t250\tm@x\tOK\nS\t2026-W47\t8\nR\t2026-W4".utf8)
            .write(to: URL(fileURLWithPath: path))
        let replay = try #require(try SendJournal.read(path: path))
        #expect(replay.entries[.init(week: Self.week, subscriberID: 7)]?.outcome?.kind == .accepted)
        #expect(replay.entries[.init(week: Self.week, subscriberID: 8)] == SendJournal.Replay.Entry())
        #expect(replay.entries.count == 2)
    }

    @Test func theSendLockIsExclusiveAndNamesItsOwner() throws {
        let fixture = try StoreFixture()
        let path = SendLock.path(forDatabase: fixture.path)
        let held = try SendLock(path: path)
        #expect(throws: SendLockError.busy(pid: getpid())) { try SendLock(path: path) }
        withExtendedLifetime(held) {}
    }
}
