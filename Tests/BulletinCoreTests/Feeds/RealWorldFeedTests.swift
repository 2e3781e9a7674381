import BulletinCore
import Foundation
import Testing

/// Where the workplace keeps its corpus of real-world feeds: `shared/corpus/feeds` beside the clone.
enum SharedFeedCorpus {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/feeds")

    /// Whether the corpus is there (it is not in a user's plain clone).
    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("guardian.rss").path)
    }
}

/// Feeds captured from real publishers, read from the workplace's `../shared/corpus/feeds` when it is there.
///
/// A plain clone has no such folder: the suite is then reported as skipped, and ``FeedFixtureTests`` covers the
/// same shapes with the project's own files.
@Suite(.enabled(if: SharedFeedCorpus.isPresent, "../shared/corpus/feeds is not beside this clone"))
struct RealWorldFeedTests {
    static func load(_ name: String) throws -> Data {
        try Data(contentsOf: SharedFeedCorpus.folder.appendingPathComponent(name))
    }

    static let usable: [(String, Int)] = [
        ("content-encoded.rss", 7), ("craigslist.rss", 25), ("encoding.rss", 40), ("guardian.rss", 55),
        ("heise.atom", 15), ("feedburner.atom", 1), ("heraldsun.rss", 2), ("instant-article.rss", 1),
        ("narro.rss", 1), ("reddit.rss", 1), ("uolNoticias.rss", 15),
    ]

    @Test(arguments: usable)
    func importsRealWorldFeed(name: String, expected: Int) throws {
        let feed = try FeedParser.parse(try Self.load(name), source: name)
        #expect(feed.articles.count + feed.warnings.count >= expected)
        FeedExpectations.checkArticles(of: feed)
    }

    @Test(arguments: ["incomplete-fields.atom", "missing-fields.atom"])
    func reportsFeedWithoutUsableItem(name: String) throws {
        try FeedExpectations.checkNoUsableItem(try Self.load(name), source: name)
    }

    @Test func readsGuardianFields() throws {
        let feed = try FeedParser.parse(try Self.load("guardian.rss"), source: "guardian.rss")
        let first = try #require(feed.articles.first)
        #expect(first.url.hasPrefix("https://www.theguardian.com/"))
        #expect(!first.authors.isEmpty)
        #expect(first.imageURL != nil)
        #expect(!first.categories.isEmpty)
    }

    @Test func atomEntriesInheritTheFeedAuthor() throws {
        let feed = try FeedParser.parse(try Self.load("heise.atom"), source: "heise.atom")
        #expect(feed.articles.allSatisfy { $0.authors == ["heise online"] })
    }

    @Test func decodesDeclaredEncoding() throws {
        let feed = try FeedParser.parse(try Self.load("encoding.rss"), source: "encoding.rss")
        #expect(feed.title.contains("Notícias"))
    }

    @Test func readsPortugueseDates() throws {
        let feed = try FeedParser.parse(try Self.load("uolNoticias.rss"), source: "uolNoticias.rss")
        #expect(feed.warnings == ["the feed is not UTF-8 as its XML declaration says; it was read as Windows-1252."])
        #expect(feed.articles.count == 15)
        #expect(feed.title == "UOL Noticias")
        #expect(feed.articles.contains { $0.title.contains("simulações de 2º turno") })
    }

    @Test func heraldSunItemsTakeTheChannelDate() throws {
        let feed = try FeedParser.parse(try Self.load("heraldsun.rss"), source: "heraldsun.rss")
        let article = try #require(feed.articles.first)
        #expect(Timestamp.format(article.published) == "2002-04-03T15:00:00Z")
        #expect(article.url == "http://www.oreilly.com/example/001.html")
    }
}
