import Foundation
import Testing

@testable import BulletinCore

/// The pure rules behind issue 14: link binding, name cleaning, feed text, address masking, loopback and the new
/// configuration keys.
@Suite struct SecurityRulesTests {
    let signer: LinkSigner

    init() throws {
        signer = try LinkSigner(secret: Array(repeating: 42, count: 32))
    }

    static func subscriber(id: Int64, key: Int64, unkeyed: Bool = false) throws -> Subscriber {
        Subscriber(
            id: id, address: try EmailAddress("x@example.org"), name: "", status: .active, topics: [], attributes: [:],
            createdAt: Date(), updatedAt: Date(), confirmedAt: nil, unsubscribedAt: nil, source: "cli", linkKey: key,
            acceptsUnkeyedLinks: unkeyed)
    }

    @Test func aTokenNamesOnlyTheSubscriberWhoseKeyItCarries() throws {
        let token = signer.token(.preferences, subscriberID: 7, key: 1_111, issue: "2026-48")
        let contents = try signer.verify(token, for: .preferences)
        #expect(contents.key == 1_111)
        #expect(contents.names(try Self.subscriber(id: 7, key: 1_111)))
        // The same id given to someone else after an erasure: another key.
        #expect(!contents.names(try Self.subscriber(id: 7, key: 2_222)))
        #expect(!contents.names(try Self.subscriber(id: 7, key: 2_222, unkeyed: true)))
        #expect(!contents.names(try Self.subscriber(id: 8, key: 1_111)))
    }

    @Test func aVersionOneTokenStillVerifiesButNamesOnlySubscribersFromBeforeKeys() throws {
        // A token as main made them: version 1, no key.
        let old = signer.token(LinkToken(purpose: .unsubscribe, subscriberID: 7, key: nil, issue: "2026-47"))
        let contents = try signer.verify(old, for: .unsubscribe)
        #expect(contents.key == nil && contents.subscriberID == 7 && contents.issue == "2026-47")
        #expect(contents.names(try Self.subscriber(id: 7, key: 5, unkeyed: true)))
        #expect(!contents.names(try Self.subscriber(id: 7, key: 5, unkeyed: false)))
    }

    @Test func namesAreCappedAndLoseBidiOverridesAndSlotMarkers() {
        let long = String(repeating: "a", count: 60_000)
        #expect(SubscriberFields.cleanName(long).count == SubscriberFields.maximumNameLength)
        let cyrillic = String(repeating: "Ж", count: 150)
        #expect(SubscriberFields.cleanName(cyrillic) == String(repeating: "Ж", count: 100))
        #expect(SubscriberFields.cleanName("Ada\u{202E}cilbup\u{202C} Lovelace") == "Adacilbup Lovelace")
        #expect(SubscriberFields.cleanName("\u{2066}Bob\u{2069}\u{200F}") == "Bob")
        #expect(SubscriberFields.cleanName("Eve \u{E000}email\u{E001}") == "Eve email")
        #expect(SubscriberFields.cleanName("Zoë Ødegård") == "Zoë Ødegård")
    }

    @Test func feedTextLosesSlotMarkersAndImageAddressesMustBeWeb() throws {
        let feed = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Feed \\uE000email\\uE001",
             "items": [
              {"id": "1", "url": "https://example.org/a", "title": "Hello \\uE000unsubscribe_url\\uE001",
               "date_published": "2026-11-20T10:00:00Z", "image": "javascript:alert(1)",
               "content_text": "Body \\uE000email\\uE001", "tags": ["\\uE000name\\uE001"],
               "authors": [{"name": "\\uE000email\\uE001 Writer"}]},
              {"id": "2", "url": "https://example.org/b", "title": "Fine", "date_published": "2026-11-20T10:00:00Z",
               "image": "https://example.org/b.png"}
             ]}
            """
        let parsed = try FeedParser.parse(Data(feed.utf8), source: "feed.json")
        let first = try #require(parsed.articles.first)
        let everything =
            [parsed.title, first.title, first.summaryText, first.summaryHTML] + first.categories + first.authors
        for text in everything {
            #expect(!text.unicodeScalars.contains { $0.value == 0xE000 || $0.value == 0xE001 }, "\(text)")
        }
        #expect(first.title == "Hello unsubscribe_url")
        #expect(first.imageURL == nil)
        #expect(parsed.articles.last?.imageURL == "https://example.org/b.png")
    }

    @Test func articlesStoredBeforeTheCleaningAreCleanedWhenAnIssueIsRendered() {
        let stored = DigestCandidate(
            article: DigestFixture.article(
                "old", title: "Win \u{E000}email\u{E001}", authors: ["\u{E000}name\u{E001}"],
                published: "2026-11-17T06:30:00Z", summary: "See \u{E000}unsubscribe_url\u{E001}", categories: [],
                image: "javascript:alert(1)"),
            visitors: 10, views: 10)
        let fields = DigestContext.article(stored, rank: 1, issue: DigestFixture.issue, zone: DigestFixture.zone)
        #expect(fields["title"] as? String == "Win email")
        #expect(fields["summary"] as? String == "See unsubscribe_url")
        #expect(fields["authors"] as? String == "name")
        #expect(fields["image_url"] == nil)
    }

    @Test func relayRepliesHaveTheirAddressesMasked() {
        #expect(
            AddressMask.masked("5.1.1 <lucia@example.net>: Recipient address rejected")
                == "5.1.1 <l…@example.net>: Recipient address rejected")
        #expect(AddressMask.masked("user a.b+c@x.org and z@y.org unknown") == "user a…@x.org and z…@y.org unknown")
        #expect(AddressMask.masked("4.3.0 Try again later") == "4.3.0 Try again later")
        let outcome = DeliveryOutcome(
            kind: .rejected, stage: .rcptTo, replyCode: 550, replyText: "<lucia@example.net> unknown")
        #expect(outcome.replyText == "<l…@example.net> unknown")
        #expect(!outcome.description.contains("lucia"))
    }

    @Test func onlyNamesThatResolveToLoopbackAlone() {
        #expect(LoopbackHost.resolvesOnlyToLoopback("127.0.0.1"))
        #expect(LoopbackHost.resolvesOnlyToLoopback("127.8.9.10"))
        #expect(LoopbackHost.resolvesOnlyToLoopback("::1"))
        #expect(LoopbackHost.resolvesOnlyToLoopback("[::1]"))
        #expect(LoopbackHost.resolvesOnlyToLoopback("localhost"))
        #expect(!LoopbackHost.resolvesOnlyToLoopback("127.attacker.example"))
        #expect(!LoopbackHost.resolvesOnlyToLoopback("128.0.0.1"))
        #expect(!LoopbackHost.resolvesOnlyToLoopback("::2"))
        #expect(!LoopbackHost.resolvesOnlyToLoopback(""))
    }

    static func parse(_ body: String) throws -> Configuration {
        try ConfigurationLoader.parse(
            "[newsletter]\nname = \"T\"\nfrom = \"News <news@example.org>\"\nsite_url = \"https://example.org\"\n"
                + body,
            file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
    }

    @Test func clearTextSMTPToANameThatOnlyLooksLocalIsAConfigurationError() throws {
        let error = try #require(
            throws: ConfigurationError.self,
            performing: { try Self.parse("[smtp]\nurl = \"smtp://127.attacker.example:25\"\ntls = \"none\"\n") })
        #expect(error.description.contains("127.attacker.example"))
        #expect(try Self.parse("[smtp]\nurl = \"smtp://127.0.0.1:2525\"\ntls = \"none\"\n").smtp.tls == .none)
        #expect(try Self.parse("[smtp]\nurl = \"smtp://localhost:2525\"\ntls = \"none\"\n").smtp.tls == .none)
    }

    @Test func storeModeAndConfirmationIntervalAreRead() throws {
        let defaults = try Self.parse("")
        #expect(defaults.store.fileMode == 0o600)
        #expect(defaults.web.confirmationIntervalHours == 24)
        let set = try Self.parse("[store]\nmode = \"0640\"\n[web]\nconfirmation_interval = 6\n")
        #expect(set.store.fileMode == 0o640)
        #expect(set.web.confirmationIntervalHours == 6)
        for mode in ["0644", "0666", "0700", "rw", "0400"] {
            #expect(throws: ConfigurationError.self) { try Self.parse("[store]\nmode = \"\(mode)\"\n") }
        }
        #expect(throws: ConfigurationError.self) { try Self.parse("[web]\nconfirmation_interval = 0\n") }
    }

    @Test func theInitTemplateShowsTheNewKeysWithValuesThatParse() throws {
        let text = ConfigurationTemplate.render(
            .init(name: "N", from: "n@example.org", replyTo: "", siteURL: "https://example.org"))
        #expect(text.contains("# mode = \"0600\""))
        #expect(text.contains("# confirmation_interval = 24"))
        let uncommented = text.replacingOccurrences(of: "# mode = ", with: "mode = ")
            .replacingOccurrences(of: "# confirmation_interval = ", with: "confirmation_interval = ")
        let configuration = try ConfigurationLoader.parse(
            uncommented, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
        #expect(configuration.store.fileMode == 0o600)
        #expect(configuration.web.confirmationIntervalHours == 24)
    }
}
