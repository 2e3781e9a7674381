import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite("SendJournal")
struct SendJournalTests {
    private let accepted = DeliveryOutcome(
        kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "2.0.0 Queued")

    private func key(_ id: Int64) -> SendJournal.Replay.Key { .init(week: "2026-W47", subscriberID: id) }

    @Test func replaysHandedOverRowsAndTheirOutcomes() throws {
        let fixture = try StoreFixture()
        let path = SendJournal.path(forDatabase: fixture.path)
        let journal = try SendJournal(path: path)
        try journal.handingOver(week: "2026-W47", subscriberID: 1)
        try journal.handingOver(week: "2026-W47", subscriberID: 2)
        try journal.ended(week: "2026-W47", [(subscriberID: 1, outcome: accepted, messageID: "a@example.org")])
        let replay = try #require(try SendJournal.read(path: path))
        #expect(replay.entries[key(1)] == .init(outcome: accepted, messageID: "a@example.org"))
        #expect(replay.entries[key(2)] == .init())
        #expect(replay.entries[key(3)] == nil)
    }

    @Test func aLastLineCutShortByACrashIsIgnored() throws {
        let fixture = try StoreFixture()
        let path = SendJournal.path(forDatabase: fixture.path)
        // "S 2026-W47 123" cut after "12": the line is not complete, and 12 is not the row it was about.
        try Data("S\t2026-W47\t7\nS\t2026-W47\t12".utf8).write(to: URL(fileURLWithPath: path))
        let replay = try #require(try SendJournal.read(path: path))
        #expect(Set(replay.entries.keys) == [key(7)])
    }

    @Test func keepsOnlyTheRowsAskedFor() throws {
        let fixture = try StoreFixture()
        let path = SendJournal.path(forDatabase: fixture.path)
        let journal = try SendJournal(path: path)
        for id in Int64(1)...1_000 {
            try journal.handingOver(week: "2026-W47", subscriberID: id)
            try journal.ended(week: "2026-W47", [(subscriberID: id, outcome: accepted, messageID: "\(id)@example.org")])
        }
        try journal.handingOver(week: "2026-W47", subscriberID: 1_001)
        let wanted: Set = [key(500), key(1_001)]
        let replay = try #require(try SendJournal.read(path: path) { wanted.contains($0) })
        #expect(Set(replay.entries.keys) == wanted)
        #expect(replay.entries[key(500)]?.outcome == accepted)
        #expect(replay.entries[key(1_001)]?.outcome == nil)
    }

    @Test func noFileIsNoJournal() throws {
        let fixture = try StoreFixture()
        #expect(try SendJournal.read(path: SendJournal.path(forDatabase: fixture.path)) == nil)
    }
}
