import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

/// An erased address and unsubscribe tokens, in-process: what `subscribers show/add --force` and
/// `subscribers unsubscribe --token` do (their exit codes are in RemovedAddressTests and UnsubscribeTokenTests).
@Suite struct RemovedAddressAndTokenTests {
    /// A fixture where dave@example.org was added and then removed on 2026-11-20.
    private func removedDave() throws -> (AppFixture, SubscriberChanges, EmailAddress) {
        let fixture = try AppFixture(clock: "2026-11-20T10:00:00Z")
        let changes = try SubscriberChanges(environment: fixture.environment)
        let dave = try EmailAddress("dave@example.org")
        _ = try changes.add(dave, name: "", topics: [], attributes: [:], status: .active, force: false)
        _ = try changes.remove(dave)
        return (fixture, changes, dave)
    }

    @Test func showSaysTheAddressWasRemovedAndHowItComesBack() throws {
        let (fixture, _, dave) = try removedDave()
        let error = #expect(throws: RemovedAddressError.self) {
            try SubscriberDirectory(environment: fixture.environment).profile(of: dave)
        }
        #expect(
            error?.description
                == "dave@example.org was removed on 2026-11-20 (only a hash of the address is "
                + "kept), so there is nothing to show; adding it again brings it back, only if they have asked to "
                + "subscribe again.")
    }

    @Test func anAddressNeverSeenIsStillNotFound() throws {
        let (_, changes, _) = try removedDave()
        let error = #expect(throws: SubscriberStoreError.self) {
            try changes.unsubscribe(try EmailAddress("erin@example.org"), reason: "")
        }
        #expect(error?.description.contains("no subscriber has the address erin@example.org") == true)
    }

    @Test func addWithForceBringsItBack() throws {
        let (fixture, changes, dave) = try removedDave()
        _ = try changes.add(dave, name: "", topics: [], attributes: [:], status: .active, force: true)
        let profile = try SubscriberDirectory(environment: fixture.environment).profile(of: dave)
        #expect(profile.subscriber.email == "dave@example.org")
        #expect(profile.subscriber.status == .active)
    }

    @Test func aValidTokenUnsubscribesOnceAndAgainChangesNothing() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let links = try fixture.environment.linkSigner()
        let ada = try changes.add(
            try EmailAddress("ada@example.org"), name: "Ada", topics: [], attributes: [:], status: .active,
            force: false)
        let token = links.token(.unsubscribe, for: ada, issue: "2026-48")
        let (address, change) = try changes.unsubscribe(token: token, links: links, reason: "")
        #expect(address.value == "ada@example.org")
        #expect(change == .changed(from: .active))
        #expect(try fixture.subscriber("ada@example.org")?.status == .unsubscribed)
        let again = try changes.unsubscribe(token: token, links: links, reason: "")
        #expect(again.1 == .unchanged)
    }

    @Test func tamperedOrForeignTokensAreRefusedAndChangeNothing() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let links = try fixture.environment.linkSigner()
        let ada = try changes.add(
            try EmailAddress("ada@example.org"), name: "Ada", topics: [], attributes: [:], status: .active,
            force: false)
        var characters = Array(links.token(.unsubscribe, for: ada, issue: "2026-48"))
        characters[12] = characters[12] == "x" ? "y" : "x"
        let other = try LinkSigner(secret: Array(repeating: 9, count: 32))
        for token in [
            String(characters), links.token(.preferences, for: ada, issue: "2026-48"),
            links.token(.confirm, for: ada, issue: ""), other.token(.unsubscribe, for: ada, issue: "2026-48"),
            "garbage!", links.token(.unsubscribe, subscriberID: ada.id + 1000, key: ada.linkKey, issue: "2026-48"),
        ] {
            #expect(throws: (any Error).self, "\(token)") {
                try changes.unsubscribe(token: token, links: links, reason: "")
            }
        }
        #expect(try fixture.subscriber("ada@example.org")?.status == .active)
    }
}

/// What `subscribers remove` erases beside the row.
@Suite struct RemovalErasesTheJournalTests {
    @Test func removeDropsTheSubscribersLinesFromTheSendJournal() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        let ada = try changes.add(
            try EmailAddress("ada@example.org"), name: "", topics: [], attributes: [:], status: .active, force: false)
        let bob = try changes.add(
            try EmailAddress("bob@example.org"), name: "", topics: [], attributes: [:], status: .active, force: false)
        let journal = SendJournal.path(forDatabase: fixture.environment.configuration.store.path.path)
        try Data(
            """
            S\t2026-W48\t\(ada.id)
            R\t2026-W48\t\(ada.id)\trejected\tRCPT TO\t550\tm1\t<ada@example.org> unknown
            S\t2026-W48\t\(bob.id)

            """.utf8
        ).write(to: URL(fileURLWithPath: journal))
        let removal = try changes.remove(try EmailAddress("ada@example.org"))
        #expect(removal.journalErased)
        let left = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(left == "S\t2026-W48\t\(bob.id)\n")
        #expect(!left.contains("ada"))
    }
}
