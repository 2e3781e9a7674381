import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite struct DigestStoreTests {
    private static func article(_ slug: String, published: String) -> Article {
        Article(
            url: "https://example.org/\(slug)", guid: "", title: slug, authors: ["A. Writer"],
            published: Timestamp.parse(published) ?? Date(), updated: nil, summaryText: "Text", summaryHTML: "",
            categories: ["Georgia"], imageURL: nil)
    }

    private static func fixture() throws -> (StoreFixture, SQLiteDigestStore, IssueWeek) {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        _ = try SQLiteArticleStore(database: database).save(
            [
                ArticleBatch(
                    feed: "feed.xml",
                    articles: [
                        article("in-week", published: "2026-11-17T10:00:00Z"),
                        article("lookback", published: "2026-11-10T10:00:00Z"),
                        article("ancient", published: "2026-01-10T10:00:00Z"),
                    ], validators: nil)
            ], at: fixture.now)
        _ = try SQLitePageViewStore(database: database).importViews(name: "log", format: "csv", at: fixture.now) {
            writer in
            try writer.begin(fingerprint: [1, 2, 3])
            let day = { (text: String) in CivilDay.parse(text) ?? 0 }
            try writer.write([
                DailyPageViews(path: "/in-week", day: day("2026-11-18"), views: 7, visitors: 4),
                DailyPageViews(path: "/in-week", day: day("2026-11-19"), views: 3, visitors: 2),
                DailyPageViews(path: "/lookback", day: day("2026-11-15"), views: 50, visitors: 50),
            ])
            return ((), 3, 30)
        }
        let week = IssueWeek(
            ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: TimeZone(identifier: "UTC") ?? .current)
        return (fixture, SQLiteDigestStore(database: database), week)
    }

    @Test func readsTheWeeksCandidatesWithTheirFigures() throws {
        let (fixture, store, week) = try Self.fixture()
        try store.steer(.pin, url: "https://example.org/ancient", week: "2026-W47", at: fixture.now)
        let input = try store.selectionInput(week: week, rules: .defaults)
        let figures = Dictionary(uniqueKeysWithValues: input.candidates.map { ($0.article.title, $0.visitors) })
        #expect(figures == ["in-week": 6, "lookback": 0, "ancient": 0])
        #expect(input.candidates.first { $0.article.title == "in-week" }?.views == 10)
        #expect(input.weekHasPageViews)
        #expect(input.steering.pinned == ["https://example.org/ancient"])
    }

    @Test func steeringReplacesAnEarlierDecisionAndCanBeUndone() throws {
        let (fixture, store, _) = try Self.fixture()
        try store.steer(.pin, url: "https://example.org/a", week: "2026-W47", at: fixture.now)
        try store.steer(.pin, url: "https://example.org/b", week: "2026-W47", at: fixture.now)
        try store.steer(.exclude, url: "https://example.org/a", week: "2026-W47", at: fixture.now)
        #expect(
            try store.steering(week: "2026-W47")
                == DigestSteering(
                    pinned: ["https://example.org/b"], excluded: ["https://example.org/a"]))
        #expect(try store.unsteer(url: "https://example.org/a", week: "2026-W47"))
        #expect(try !store.unsteer(url: "https://example.org/a", week: "2026-W47"))
        #expect(try store.steering(week: "2026-W48") == DigestSteering())
    }

    @Test func sentIssuesAreRememberedForLaterWeeksOnly() throws {
        let (fixture, store, _) = try Self.fixture()
        try store.recordSent("2026-W46", articles: ["https://example.org/lookback"], at: fixture.now)
        #expect(try store.sentArticles(before: "2026-W47") == ["https://example.org/lookback": "2026-W46"])
        #expect(try store.sentArticles(before: "2026-W46").isEmpty)
        #expect(try store.issueNumber(week: "2026-W47") == 2)
        #expect(try store.issueNumber(week: "2026-W46") == 1)
    }
}
