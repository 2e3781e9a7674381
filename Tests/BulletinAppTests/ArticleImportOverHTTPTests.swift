import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `ArticleImport` with its real libcurl fetcher against the feed test server
/// (Tests/BulletinTestSupport/feed_server.py): the validators are remembered in the database, so the second
/// run gets a 304. The command's output and exit code are in ArticlesImportOverHTTPTests.
@Suite(.serialized) struct ArticleImportOverHTTPTests {
    @Test func secondImportIsNotModifiedARefreshFetchesAgainAndAMissingFeedIsAnError() throws {
        let fixture = try AppFixture()
        let server = try FeedTestServer()
        try server.serve(
            """
            <rss version="2.0"><channel><link>https://example.org/</link>
            <item><title>A</title><link>/a</link><pubDate>Mon, 23 Nov 2026 07:00:00 GMT</pubDate></item>
            </channel></rss>
            """, as: "feed.xml")
        let port = server.port
        let url = "http://127.0.0.1:\(port)/feed.xml"
        let importer = try ArticleImport(environment: fixture.environment)

        let first = try importer.run(sources: [url], refresh: false)
        #expect(first.imported.map(\.counts) == [ArticleSaveCounts(added: 1)])
        let second = try importer.run(sources: [url], refresh: false)
        #expect(second.imported.isEmpty)
        #expect(second.notModified == [url])
        let refreshed = try importer.run(sources: [url], refresh: true)
        #expect(refreshed.imported.map(\.counts) == [ArticleSaveCounts(unchanged: 1)])

        let gone = "http://127.0.0.1:\(port)/gone.xml"
        let missing = #expect(throws: (any Error).self) { try importer.run(sources: [gone], refresh: false) }
        #expect(
            missing.map { "\($0)" }?.contains("\(gone) answered HTTP 404") == true, "\(String(describing: missing))")
        #expect(try SQLiteArticleStore(database: try fixture.environment.openDatabase()).newest(limit: nil).count == 1)
    }
}
