import BulletinCore
import Foundation
import Testing

/// Whole feeds in the shapes real publishers write (Tests/BulletinCoreTests/Fixtures/Feeds, the project's own
/// files): RSS 0.92, 1.0 (RDF) and 2.0, Atom, CDATA, escaped and embedded HTML, media and podcast namespaces,
/// Latin-1 and undeclared Windows-1252 text, Portuguese day and month names, missing fields.
@Suite struct FeedFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Feeds")

    static func load(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    static func parse(_ name: String) throws -> ParsedFeed {
        try FeedParser.parse(try load(name), source: name)
    }

    static let usable: [(String, Int)] = [
        ("aggregator.rss", 3), ("channel-date.rss", 2), ("content-encoded.rss", 7), ("feed-author.atom", 15),
        ("feedburner.atom", 1), ("instant-article.rss", 1), ("latin1.rss", 12), ("media-content.rss", 30),
        ("podcast.rss", 1), ("rdf.rss", 25), ("windows-1252.rss", 15),
    ]

    @Test(arguments: usable)
    func importsEveryItemOfAWholeFeed(name: String, expected: Int) throws {
        let feed = try Self.parse(name)
        #expect(feed.articles.count == expected)
        FeedExpectations.checkArticles(of: feed)
    }

    @Test(arguments: ["incomplete-fields.atom", "missing-fields.atom"])
    func reportsFeedWithoutUsableItem(name: String) throws {
        try FeedExpectations.checkNoUsableItem(try Self.load(name), source: name)
    }

    @Test func readsNewspaperFieldsAndMediaImages() throws {
        let feed = try Self.parse("media-content.rss")
        let first = try #require(feed.articles.first)
        #expect(first.url == "https://www.daily.example.com/world/2026/jan/01/kazakhstan-budget-debate-0")
        #expect(first.authors == ["Staff and agencies"])
        #expect(first.categories == ["Kazakhstan", "World news"])
        #expect(first.imageURL?.hasPrefix("https://i.example.com/img/0/") == true)
        #expect(Timestamp.format(first.published) == "2026-01-01T20:00:15Z")
    }

    @Test func keepsContentEncodedHTMLWithoutScriptsOrFrames() throws {
        let feed = try Self.parse("content-encoded.rss")
        let first = try #require(feed.articles.first)
        #expect(first.title == "THE ARAL SEA, FIFTY YEARS ON")
        #expect(first.authors == ["Aziz Rahimov"])
        #expect(first.imageURL == "https://cdn.example.net/max/1024/0.jpeg")
        #expect(first.summaryHTML.contains("<p>Second paragraph with"))
        #expect(!first.summaryText.contains("track("))
    }

    @Test func atomEntriesInheritTheFeedAuthor() throws {
        let feed = try Self.parse("feed-author.atom")
        #expect(feed.articles.allSatisfy { $0.authors == ["Technik online"] })
        let first = try #require(feed.articles.first)
        #expect(first.summaryText == "Die nun verfügbare Version 1 bringt schnellere Übersetzung.")
        #expect(Timestamp.format(first.published) == "2026-02-01T16:00:00Z")
    }

    @Test func decodesDeclaredLatin1() throws {
        let feed = try Self.parse("latin1.rss")
        #expect(feed.title == "Jornal de Notícias - Últimas Notícias")
        #expect(feed.warnings.isEmpty)
        #expect(feed.articles.first?.categories == ["Política"])
        #expect(feed.articles.first?.summaryText.hasPrefix("Não há acordo sobre o orçamento") == true)
    }

    @Test func readsUndeclaredWindows1252AndPortugueseDates() throws {
        let feed = try Self.parse("windows-1252.rss")
        #expect(feed.warnings == ["the feed is not UTF-8 as its XML declaration says; it was read as Windows-1252."])
        #expect(feed.title == "Notícias Exemplo")
        #expect(feed.articles.contains { $0.title.contains("simulações de 2º turno") })
        #expect(feed.articles.first?.summaryText.contains("“0” – ver mais") == true)
        // "Seg, 10 Set 2026 19:42:40 -0300" and "Ter, 11 Ago 2026 …": Portuguese day and month names.
        #expect(
            feed.articles.map { Timestamp.format($0.published) }.prefix(2) == [
                "2026-09-10T22:42:40Z", "2026-08-11T22:42:40Z",
            ])
    }

    @Test func itemsWithoutADateTakeTheChannelDate() throws {
        let feed = try Self.parse("channel-date.rss")
        let article = try #require(feed.articles.first)
        #expect(Timestamp.format(article.published) == "2026-04-03T15:00:00Z")
        #expect(article.url == "http://www.newsroom.example.com/example/001.html")
        #expect(feed.articles.last?.summaryText == "This is the second item: café.")
    }

    @Test func readsRSS1ItemsBesideTheChannel() throws {
        let feed = try Self.parse("rdf.rss")
        let first = try #require(feed.articles.first)
        #expect(feed.title == "classifieds Tbilisi | flats for rent")
        #expect(first.url == "https://classifieds.example.org/tbs/apa/d/flat-6180000.html")
        #expect(Timestamp.format(first.published) == "2026-06-21T18:00:55Z")
    }

    @Test func unescapesEscapedContentAndDropsItsScript() throws {
        let article = try #require(try Self.parse("instant-article.rss").articles.first)
        #expect(article.summaryText == "Lorem ipsum")
        #expect(article.authors == ["tobi"])
    }

    @Test func readsBloggerAtomWithStylesheetInstructions() throws {
        let feed = try Self.parse("feedburner.atom")
        let article = try #require(feed.articles.first)
        #expect(feed.title == "Steppe Notes")
        #expect(article.categories == ["travel"])
        #expect(article.imageURL == "https://steppe.example.com/charyn.jpg")
        #expect(Timestamp.format(article.published) == "2026-03-01T18:00:00Z")
    }

    @Test func readsAUTCZoneNameAndThumbnails() throws {
        let episodes = try Self.parse("podcast.rss").articles
        #expect(episodes.map { Timestamp.format($0.published) } == ["2026-07-08T13:40:00Z"])
        #expect(try Self.parse("aggregator.rss").articles.first?.imageURL == "https://thumbs.example.com/0.jpg")
    }
}
