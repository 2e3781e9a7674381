import Foundation
import Testing

@testable import BulletinCore

@Suite struct DigestConfigurationTests {
    static let newsletter = """
        [newsletter]
        name = "Eurasia Weekly"
        from = "Eurasia Weekly <news@example.org>"
        site_url = "https://example.org"

        """

    func parse(_ digest: String, folder: URL = URL(fileURLWithPath: "/nonexistent-bulletin")) throws -> Configuration {
        try ConfigurationLoader.parse(
            Self.newsletter + "[digest]\n" + digest, file: folder.appendingPathComponent("bulletin.toml"),
            displayName: "bulletin.toml")
    }

    @Test func defaultsWhenTheKeysAreLeftOut() throws {
        let digest = try parse("").digest
        #expect(digest.rules == .defaults)
        #expect(digest.templates == nil)
        #expect(digest.utmTags)
    }

    @Test func readsEveryKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-config-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Mine"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let digest = try parse(
            """
            articles = 20
            lookback_days = 3
            min_visitors = 5
            min_articles = 4
            max_per_category = 2
            templates = "Mine"
            utm_tags = false
            """, folder: folder
        ).digest
        #expect(
            digest.rules
                == DigestRules(articles: 20, lookbackDays: 3, minVisitors: 5, minArticles: 4, maxPerCategory: 2))
        #expect(digest.templates?.lastPathComponent == "Mine")
        #expect(!digest.utmTags)
    }

    @Test(arguments: [
        ("articles = 0", "digest.articles"), ("lookback_days = -1", "digest.lookback_days"),
        ("max_per_category = \"two\"", "digest.max_per_category"), ("utm_tags = 1", "digest.utm_tags"),
        ("templates = \"Nowhere\"", "digest.templates"),
    ])
    func rejectsABadValueNamingTheKey(line: String, key: String) {
        do {
            _ = try parse(line)
            Issue.record("\(line) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(key), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theFileInitWritesListsEveryDigestKey() {
        let text = ConfigurationTemplate.render(
            .init(name: "W", from: "news@example.org", replyTo: "", siteURL: "https://example.org"))
        for key in ConfigurationLoader.knownKeys["digest"] ?? [] {
            #expect(text.contains("# \(key) = "), "\(key) is missing from the file init writes")
        }
    }
}
