import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct SubscriptionDeskTests {
    @Test func stoppingOneTopicKeepsTheRestAndTheStatusAndIsRecordedOnce() async throws {
        let fixture = try AppFixture()
        let desk = try SubscriptionDesk(environment: fixture.environment, confirmValidity: 7 * 86_400)
        let ada = try SubscriberChanges(store: fixture.store, now: fixture.now).add(
            try EmailAddress("ada@example.org"), name: "Ada", topics: ["kazakhstan", "economy"], attributes: [:],
            status: .active, force: false)
        let contents = try desk.verify(desk.token(.unsubscribe, for: ada, issue: "2026-W47"), for: .unsubscribe)
        guard case .stopped(let after) = try await desk.stopTopic(contents, topic: "economy") else {
            Issue.record("a topic the reader has should be stopped")
            return
        }
        #expect(after.topics == ["kazakhstan"])
        #expect(after.status == .active)
        #expect(try await desk.stopTopic(contents, topic: "economy") == .notTheirs(after))
        let events = try fixture.store.events(subscriberID: ada.id)
        #expect(events.map(\.reason) == ["topic removed: economy"])
        #expect(events.first?.source == "web")
        #expect(events.first?.fromStatus == .active && events.first?.toStatus == .active)
    }

    @Test func subscribeConfirmThenUnsubscribeAsTheWebDoes() async throws {
        let fixture = try AppFixture()
        let desk = try SubscriptionDesk(environment: fixture.environment, confirmValidity: 7 * 86_400)
        let address = try EmailAddress("ada@example.org")

        guard case .confirm(let request) = try await desk.subscribe(address: address, name: "Ada", topics: ["Economy"])
        else {
            Issue.record("a new address should get a confirmation message")
            return
        }
        #expect(request.address == address)
        #expect(request.name == "Ada")
        #expect(try fixture.subscriber("ada@example.org")?.status == .pending)
        // One confirmation per interval, however often the form is sent.
        #expect(
            try await desk.subscribe(address: address, name: "Ada", topics: [])
                == .nothing(
                    "a confirmation went to the address less than the interval ago"))

        let confirmation = try desk.verify(request.token, for: .confirm)
        #expect(try await desk.checkConfirmation(confirmation) == nil)
        guard case .confirmed(let confirmed) = try await desk.confirm(confirmation) else {
            Issue.record("the confirmation link should confirm")
            return
        }
        #expect(confirmed.status == .active)
        #expect(try await desk.subscribe(address: address, name: "Ada", topics: []) == .nothing("already active"))

        let unsubscribe = try desk.verify(
            desk.token(.unsubscribe, for: confirmed, issue: "2026-W47"), for: .unsubscribe)
        #expect(try await desk.unsubscribe(unsubscribe) == .unsubscribed)
        #expect(try await desk.unsubscribe(unsubscribe) == .unsubscribed)
        let subscriber = try #require(try fixture.subscriber("ada@example.org"))
        #expect(subscriber.status == .unsubscribed)
        let events = try fixture.store.events(subscriberID: subscriber.id)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.source == "web" })
        #expect(events.map(\.toStatus).suffix(2) == [.active, .unsubscribed])
        #expect(events.map(\.reason).last == "one-click unsubscribe in issue 2026-W47")
    }

    @Test func preferencesAreSavedForTheSubscriberTheTokenNames() async throws {
        let fixture = try AppFixture()
        let desk = try SubscriptionDesk(environment: fixture.environment, confirmValidity: 7 * 86_400)
        let added = try SubscriberChanges(store: fixture.store, now: fixture.now).add(
            try EmailAddress("ivan@example.org"), name: "Ivan", topics: [], attributes: [:], status: .active,
            force: false)
        let contents = try desk.verify(desk.token(.preferences, for: added), for: .preferences)
        #expect(try await desk.subscriber(for: contents).id == added.id)
        let saved = try await desk.savePreferences(contents, name: "Ivan P.", topics: ["Culture"])
        #expect(saved.name == "Ivan P.")
        #expect(saved.topics == ["Culture"])
        #expect(try await desk.issues().isEmpty)
        #expect(try await desk.issue(week: "2026-W47") == nil)
    }

    @Test func manyRequestsAtOnceAllRunOnTheOneConnection() async throws {
        let fixture = try AppFixture()
        let desk = try SubscriptionDesk(environment: fixture.environment, confirmValidity: 7 * 86_400)
        let confirmations = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let address = try EmailAddress("reader\(index)@example.org")
                    if case .confirm = try await desk.subscribe(address: address, name: "", topics: []) { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(confirmations == 50)
        #expect(try fixture.store.count(SubscriberFilter(status: .pending)) == 50)
    }
}
