import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct SubscriberChangesTests {
    @Test func addUnsubscribeActivateAndRemove() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let address = try EmailAddress("Aigerim@Example.KZ")
        let added = try changes.add(
            address, name: "Aigerim", topics: ["politics", "economy"], attributes: ["city": "Almaty"],
            status: .active, force: false)
        #expect(added.email == "Aigerim@example.kz")
        #expect(added.topics == ["politics", "economy"])
        #expect(added.attributes == ["city": "Almaty"])
        #expect(throws: SubscriberStoreError.self) {
            try changes.add(address, name: "", topics: [], attributes: [:], status: .active, force: false)
        }

        #expect(try changes.unsubscribe(address, reason: "asked") == .changed(from: .active))
        #expect(try changes.unsubscribe(address, reason: "asked") == .unchanged)
        #expect(throws: SubscriberStoreError.self) { try changes.activate(address, reason: "", force: false) }
        #expect(try changes.activate(address, reason: "asked again", force: true) == .changed(from: .unsubscribed))
        let history = try fixture.store.events(subscriberID: added.id)
        #expect(history.allSatisfy { $0.source == "cli" })
        #expect(history.map(\.toStatus).suffix(2) == [.unsubscribed, .active])
        #expect(history.last?.reason == "asked again")

        #expect(try changes.subscriberToRemove(address).id == added.id)
        let removal = try changes.remove(address)
        #expect(removal.id == added.id)
        #expect(removal.journalErased)
        #expect(try fixture.subscriber("aigerim@example.kz") == nil)
    }

    @Test func anErasedAddressIsExplainedToEveryChange() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let address = try EmailAddress("ada@example.org")
        _ = try changes.add(address, name: "", topics: [], attributes: [:], status: .active, force: false)
        _ = try changes.remove(address)

        let unsubscribe = #expect(throws: RemovedAddressError.self) { try changes.unsubscribe(address, reason: "") }
        #expect(unsubscribe?.command == .unsubscribe)
        #expect(unsubscribe?.description.contains("nothing was changed") == true)
        let activate = #expect(throws: RemovedAddressError.self) {
            try changes.activate(address, reason: "", force: true)
        }
        #expect(activate?.command == .activate)
        let remove = #expect(throws: RemovedAddressError.self) { try changes.subscriberToRemove(address) }
        #expect(remove?.command == .remove)
        #expect(throws: SubscriberStoreError.self) {
            try changes.add(address, name: "", topics: [], attributes: [:], status: .active, force: false)
        }
        _ = try changes.add(address, name: "", topics: [], attributes: [:], status: .active, force: true)
        #expect(try fixture.subscriber("ada@example.org")?.status == .active)

        let never = try EmailAddress("never@example.org")
        #expect(throws: SubscriberStoreError.notFound("never@example.org")) {
            try changes.unsubscribe(never, reason: "")
        }
    }

    @Test func anUnsubscribeLinkTokenUnsubscribesAsTheLinkWould() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let links = try fixture.environment.linkSigner()
        let subscriber = try changes.add(
            try EmailAddress("ada@example.org"), name: "", topics: [], attributes: [:], status: .active, force: false)
        let (address, change) = try changes.unsubscribe(
            token: links.token(.unsubscribe, for: subscriber, issue: "2026-W47"), links: links, reason: "")
        #expect(address.value == "ada@example.org")
        #expect(change == .changed(from: .active))
        let event = try #require(try fixture.store.events(subscriberID: subscriber.id).last)
        #expect(event.source == "link")
        #expect(event.reason == "unsubscribe link in issue 2026-W47")
        #expect(throws: LinkTokenError.self) {
            try changes.unsubscribe(
                token: links.token(.preferences, for: subscriber, issue: ""), links: links, reason: "")
        }
    }
}
