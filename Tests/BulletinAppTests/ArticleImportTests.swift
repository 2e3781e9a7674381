import BulletinApp
import BulletinCore
import BulletinNet
import BulletinStore
import Foundation
import Testing

/// Answers every fetch from a script, and records the validators each fetch sent.
final class ScriptedFetcher: FeedFetcher {
    var answers: [HTTPFetchResult]
    private(set) var sent: [HTTPValidators?] = []

    init(_ answers: [HTTPFetchResult]) {
        self.answers = answers
    }

    func fetch(_ url: URL, validators: HTTPValidators?) throws -> HTTPFetchResult {
        sent.append(validators)
        return answers.removeFirst()
    }
}

@Suite struct ArticleImportTests {
    static let feed = """
        <rss version="2.0"><channel><title>Site</title><link>https://example.org/</link>
        <item><title>Story one</title><link>/news/one/</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
        <item><title>Story two</title><link>/news/two</link><pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate></item>
        <item><title>No link</title><pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    private func store(_ fixture: AppFixture) throws -> SQLiteArticleStore {
        SQLiteArticleStore(database: try fixture.environment.openDatabase())
    }

    @Test func importsAFileThenFindsNothingNewInIt() throws {
        let fixture = try AppFixture()
        let path = try fixture.write(Self.feed, to: "feed.xml")
        let importer = try ArticleImport(environment: fixture.environment)
        let first = try importer.run(sources: [path], refresh: false)
        #expect(first.imported.count == 1)
        #expect(first.imported[0].format == "RSS")
        #expect(first.imported[0].counts == ArticleSaveCounts(added: 2))
        #expect(first.imported[0].skipped == 1)
        #expect(first.notModified.isEmpty)
        let again = try importer.run(sources: [path], refresh: false)
        #expect(again.imported[0].counts == ArticleSaveCounts(unchanged: 2))
        #expect(try store(fixture).newest(limit: nil).count == 2)
    }

    @Test func aMalformedFeedWritesNothingFromAnySource() throws {
        let fixture = try AppFixture()
        let good = try fixture.write(Self.feed, to: "good.xml")
        let bad = try fixture.write("<rss><channel>\n<item><title>x</title></channel></rss>", to: "bad.xml")
        #expect(throws: (any Error).self) {
            try ArticleImport(environment: fixture.environment).run(sources: [good, bad], refresh: false)
        }
        #expect(try store(fixture).newest(limit: nil).isEmpty)
    }

    @Test func anEmptyFeedAmongSeveralIsLeftOutAndTheOthersAreImported() throws {
        let fixture = try AppFixture()
        let good = try fixture.write(Self.feed, to: "good.xml")
        let empty = try fixture.write(
            "<rss version=\"2.0\"><channel><link>https://example.org/</link></channel></rss>", to: "empty.xml")
        let result = try ArticleImport(environment: fixture.environment).run(sources: [empty, good], refresh: false)
        #expect(result.imported.map(\.source) == [good])
        #expect(result.failed.map(\.source) == [empty])
        #expect(try store(fixture).newest(limit: nil).count == 2)
        // Alone, it fails as before.
        #expect(throws: FeedError.self) {
            try ArticleImport(environment: fixture.environment).run(sources: [empty], refresh: false)
        }
    }

    @Test func aURLIsFetchedWithItsRememberedValidatorsUnlessRefreshed() throws {
        let fixture = try AppFixture()
        let url = "https://example.org/feed.xml"
        let kept = HTTPValidators(etag: "\"v1\"", lastModified: "Wed, 25 Nov 2026 08:00:00 GMT")
        let fetcher = ScriptedFetcher([
            .fetched(body: Data(Self.feed.utf8), finalURL: try #require(URL(string: url)), validators: kept),
            .notModified(kept),
            .notModified(kept),
        ])
        let importer = ArticleImport(
            store: try store(fixture), now: fixture.now, logger: fixture.environment.logger,
            makeFetcher: { fetcher })
        #expect(try importer.run(sources: [url], refresh: false).imported[0].counts.added == 2)
        let unchanged = try importer.run(sources: [url], refresh: false)
        #expect(unchanged.imported.isEmpty)
        #expect(unchanged.notModified == [url])
        _ = try importer.run(sources: [url], refresh: true)
        #expect(fetcher.sent == [nil, kept, nil])
    }
}

@Suite struct SubscriberDirectoryTests {
    @Test func showsListsCountsAndExportsWhatImportReads() throws {
        let fixture = try AppFixture()
        let changes = SubscriberChanges(store: fixture.store, now: fixture.now)
        for (email, status) in [("a@example.org", SubscriberStatus.active), ("b@example.org", .pending)] {
            _ = try changes.add(
                try EmailAddress(email), name: "", topics: ["x"], attributes: ["city": "Almaty"], status: status,
                force: false)
        }
        let directory = try SubscriberDirectory(environment: fixture.environment)
        var listed: [String] = []
        try directory.forEach(SubscriberFilter(status: .active)) { listed.append($0.email) }
        #expect(listed == ["a@example.org"])
        #expect(try directory.count(SubscriberFilter()) == 2)
        #expect(try directory.stats().total == 2)
        #expect(try directory.profile(of: try EmailAddress("B@example.org")).subscriber.status == .pending)
        #expect(throws: SubscriberStoreError.notFound("c@example.org")) {
            try directory.subscriber(try EmailAddress("c@example.org"))
        }

        var csv = ""
        #expect(try directory.exportCSV(SubscriberFilter()) { csv += $0 } == 2)
        let path = try fixture.write(csv, to: "export.csv")
        let reimport = try SubscriberImport(environment: fixture.environment).run(
            path: path, pending: false, resubscribe: false, dryRun: false)
        #expect(reimport.summary.unchanged == 2)
    }
}
