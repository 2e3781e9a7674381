import BulletinCore
import BulletinStore
import Foundation
import Testing

/// Articles and page views in a real SQLite file in a fresh temporary folder.
@Suite struct ArticleAndViewStoreTests {
    let folder: URL
    let database: Database

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("articles-\(UUID().uuidString)")
        database = try Database(path: folder.appendingPathComponent("bulletin.sqlite").path, mode: .create)
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func article(_ path: String, title: String = "T", published: String = "2026-11-24T08:00:00Z") -> Article {
        Article(
            url: "https://example.org\(path)", guid: path, title: title, authors: ["Ann"],
            published: Timestamp.parse(published) ?? now, updated: nil, summaryText: "s", summaryHTML: "<p>s</p>",
            categories: ["c"], imageURL: nil)
    }

    static func views(_ path: String, _ day: String, _ views: Int, _ visitors: Int) -> DailyPageViews {
        DailyPageViews(path: path, day: CivilDay.parse(day) ?? 0, views: views, visitors: visitors)
    }

    func importViews(_ fingerprint: String, _ rows: [DailyPageViews]) throws -> Bool {
        try SQLitePageViewStore(database: database).importViews(name: fingerprint, format: "combined", at: Self.now) {
            writer in
            try writer.begin(fingerprint: Array(fingerprint.utf8))
            try writer.write(rows)
            return ((), rows.count, 0)
        }.replaced
    }

    @Test func addsUpdatesAndKeepsUnchangedArticles() throws {
        let store = SQLiteArticleStore(database: database)
        let first = try store.save(
            [ArticleBatch(feed: "f", articles: [Self.article("/a"), Self.article("/b")], validators: nil)], at: Self.now
        )
        #expect(first == [ArticleSaveCounts(added: 2, updated: 0, unchanged: 0)])
        let second = try store.save(
            [
                ArticleBatch(
                    feed: "f", articles: [Self.article("/a", title: "New"), Self.article("/b")], validators: nil)
            ],
            at: Self.now)
        #expect(second == [ArticleSaveCounts(added: 0, updated: 1, unchanged: 1)])
        #expect(try store.count() == 2)
        #expect(try store.article(url: "https://example.org/a", path: "/a")?.article.title == "New")
    }

    @Test func remembersFeedValidators() throws {
        let store = SQLiteArticleStore(database: database)
        let validators = FeedValidators(etag: "\"v1\"", lastModified: "Mon, 23 Nov 2026 07:00:00 GMT")
        _ = try store.save(
            [ArticleBatch(feed: "https://example.org/feed", articles: [], validators: validators)], at: Self.now)
        #expect(try store.validators(feed: "https://example.org/feed") == validators)
        try store.recordUnchanged(
            feed: "https://example.org/feed", validators: FeedValidators(etag: nil, lastModified: nil), at: Self.now)
        #expect(try store.validators(feed: "https://example.org/feed") == validators)
    }

    @Test func importingTheSameLogTwiceDoublesNothing() throws {
        let rows = [Self.views("/a", "2026-11-23", 10, 7)]
        #expect(try importViews("log-1", rows) == false)
        #expect(try importViews("log-1", rows) == true)
        let totals = try SQLitePageViewStore(database: database).totals(from: nil, through: nil)
        #expect(totals.views == 10)
        #expect(totals.visitors == 7)
    }

    @Test func aGrownLogReplacesItsEarlierContribution() throws {
        _ = try importViews("log-1", [Self.views("/a", "2026-11-23", 10, 7)])
        _ = try importViews("log-1", [Self.views("/a", "2026-11-23", 12, 8), Self.views("/a", "2026-11-24", 5, 5)])
        _ = try importViews("log-2", [Self.views("/a", "2026-11-25", 1, 1)])
        let totals = try SQLitePageViewStore(database: database).totals(from: nil, through: nil)
        #expect(totals.views == 18)
        #expect(totals.days == 3)
        #expect(try SQLitePageViewStore(database: database).sources().count == 2)
    }

    @Test func aFailedImportWritesNothing() throws {
        struct Stop: Error {}
        let store = SQLitePageViewStore(database: database)
        #expect(throws: Stop.self) {
            try store.importViews(name: "x", format: "combined", at: Self.now) { writer -> ((), Int, Int) in
                try writer.begin(fingerprint: [1])
                try writer.write([Self.views("/a", "2026-11-23", 10, 7)])
                throw Stop()
            }
        }
        #expect(try store.totals(from: nil, through: nil).views == 0)
        #expect(try store.sources().isEmpty)
    }

    @Test func viewsThatArriveBeforeTheirArticleAreKept() throws {
        _ = try importViews("log-1", [Self.views("/later", "2026-11-24", 4, 3)])
        let articles = SQLiteArticleStore(database: database)
        _ = try articles.save(
            [ArticleBatch(feed: "f", articles: [Self.article("/later/")], validators: nil)], at: Self.now)
        let stored = try #require(try articles.article(url: "https://example.org/later/", path: "/later"))
        #expect(stored.views == 4)
        #expect(stored.visitors == 3)
    }

    @Test func ranksTheWeeksArticlesByVisitorsThenViews() throws {
        let articles = SQLiteArticleStore(database: database)
        _ = try articles.save(
            [
                ArticleBatch(
                    feed: "f",
                    articles: [
                        Self.article("/old", published: "2026-01-01T00:00:00Z"), Self.article("/busy"),
                        Self.article("/loyal"), Self.article("/unread"),
                        Self.article("/last-week", published: "2026-11-16T08:00:00Z"),
                    ], validators: nil)
            ], at: Self.now)
        _ = try importViews(
            "log",
            [
                Self.views("/busy", "2026-11-24", 50, 10), Self.views("/loyal", "2026-11-25", 20, 20),
                Self.views("/old", "2026-11-26", 5, 10), Self.views("/last-week", "2026-11-20", 999, 999),
            ])
        let week = try #require(ISOWeek("2026-W48"))
        let ranked = try articles.ranked(
            firstDay: CivilDay.format(week.firstDay), lastDay: CivilDay.format(week.lastDay),
            published: Date(
                timeIntervalSince1970: TimeInterval(week.firstDay * 86_400))..<Date(
                    timeIntervalSince1970: TimeInterval((week.lastDay + 1) * 86_400)), limit: nil)
        #expect(ranked.map(\.article.path) == ["/loyal", "/busy", "/old", "/unread"])
        #expect(ranked.map(\.visitors) == [20, 10, 10, 0])
    }
}
