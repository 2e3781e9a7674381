import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite("Subscriber store")
struct SubscriberStoreTests {
    @Test func addsAndFindsRegardlessOfCase() throws {
        let fixture = try StoreFixture()
        let added = try fixture.store.add(
            email: try EmailAddress("Aigerim@Example.KZ"), name: "Aigerim", topics: ["politics"],
            attributes: ["city": "Almaty", "empty": ""], status: .active, source: "cli", at: fixture.now)
        #expect(added.email == "Aigerim@example.kz")
        #expect(added.attributes == ["city": "Almaty"])
        #expect(added.confirmedAt == fixture.now)
        #expect(try fixture.subscriber("aigerim@example.kz")?.id == added.id)
        #expect(throws: SubscriberStoreError.alreadySubscribed("Aigerim@example.kz", .active)) {
            try fixture.store.add(
                email: try EmailAddress("AIGERIM@example.kz"), name: "", topics: [], attributes: [:], status: .active,
                source: "cli", at: fixture.now)
        }
    }

    @Test func keepsEveryStatusChangeInTheHistory() throws {
        let fixture = try StoreFixture()
        let email = try EmailAddress("ivan@example.org")
        try fixture.store.add(
            email: email, name: "Ivan", topics: [], attributes: [:], status: .pending, source: "web", at: fixture.now)
        let later = fixture.now.addingTimeInterval(3600)
        #expect(
            try fixture.store.changeStatus(email: email, to: .active, source: "cli", reason: "", at: later)
                == .changed(from: .pending))
        #expect(
            try fixture.store.changeStatus(email: email, to: .active, source: "cli", reason: "", at: later)
                == .unchanged)
        try fixture.store.changeStatus(
            email: email, to: .unsubscribed, source: "cli", reason: "asked by phone", at: later)
        let subscriber = try #require(try fixture.subscriber("ivan@example.org"))
        let history = try fixture.store.history(of: subscriber)
        #expect(history.map(\.toStatus) == [.pending, .active, .unsubscribed])
        #expect(history.map(\.source) == ["web", "cli", "cli"])
        #expect(history.last?.reason == "asked by phone")
        #expect(subscriber.unsubscribedAt == later)
        #expect(subscriber.confirmedAt == later)
    }

    @Test func reactivatingSomeoneWhoLeftNeedsForce() throws {
        let fixture = try StoreFixture()
        let email = try EmailAddress("left@example.org")
        try fixture.store.add(
            email: email, name: "", topics: [], attributes: [:], status: .bounced, source: "cli", at: fixture.now)
        #expect(throws: SubscriberStoreError.suppressed("left@example.org", .bounced)) {
            try fixture.store.changeStatus(email: email, to: .active, source: "cli", reason: "", at: fixture.now)
        }
        #expect(
            try fixture.store.changeStatus(
                email: email, to: .active, source: "cli", reason: "", at: fixture.now, force: true)
                == .changed(from: .bounced))
    }

    @Test func removeErasesEverythingButAHash() throws {
        let fixture = try StoreFixture()
        let email = try EmailAddress("gone@example.org")
        let added = try fixture.store.add(
            email: email, name: "Gone", topics: ["x"], attributes: ["k": "v"], status: .active, source: "cli",
            at: fixture.now)
        try fixture.store.changeStatus(email: email, to: .unsubscribed, source: "cli", reason: "", at: fixture.now)
        try fixture.store.remove(email: try EmailAddress("GONE@example.org"), source: "cli", at: fixture.now)
        #expect(try fixture.subscriber("gone@example.org") == nil)
        #expect(try fixture.store.events(subscriberID: added.id).isEmpty)
        #expect(try fixture.store.removalDate(of: email) == fixture.now)
        // Nothing readable is left: the address appears nowhere in the file's tables.
        let dump = try fixture.store.database.query("SELECT hex(email_hash) FROM removed_addresses") {
            try $0.string(0)
        }
        #expect(dump.count == 1 && !dump[0].contains("gone"))
        #expect(throws: SubscriberStoreError.wasRemoved("gone@example.org", fixture.now)) {
            try fixture.store.add(
                email: email, name: "", topics: [], attributes: [:], status: .active, source: "cli", at: fixture.now)
        }
        try fixture.store.add(
            email: email, name: "", topics: [], attributes: [:], status: .active, source: "cli", at: fixture.now,
            force: true)
        #expect(try fixture.store.removalDate(of: email) == nil)
    }

    @Test func listsFiltersAndCounts() throws {
        let fixture = try StoreFixture()
        for (address, status) in [
            ("b@example.org", SubscriberStatus.active), ("a@example.org", .pending),
            ("c_1@example.org", .active), ("c%1@example.org", .unsubscribed),
        ] {
            try fixture.store.add(
                email: try EmailAddress(address), name: "Name \(address.prefix(1))", topics: ["t"], attributes: [:],
                status: status, source: "cli", at: fixture.now)
        }
        #expect(
            try fixture.store.list(SubscriberFilter()).map(\.email) == [
                "a@example.org", "b@example.org", "c%1@example.org", "c_1@example.org",
            ])
        #expect(try fixture.store.list(SubscriberFilter(status: .active)).count == 2)
        #expect(try fixture.store.list(SubscriberFilter(search: "_1")).map(\.email) == ["c_1@example.org"])
        #expect(try fixture.store.list(SubscriberFilter(search: "NAME A")).map(\.email) == ["a@example.org"])
        #expect(try fixture.store.list(SubscriberFilter(limit: 1)).count == 1)
        #expect(try fixture.store.count(SubscriberFilter(limit: 1)) == 4)
        let stats = try fixture.store.stats(at: fixture.now)
        #expect(stats.total == 4)
        #expect(stats.byStatus == ["active": 2, "pending": 1, "unsubscribed": 1, "bounced": 0, "complained": 0])
        #expect(stats.topTopics == [SubscriberStats.TopicCount(topic: "t", subscribers: 2)])
    }
}
