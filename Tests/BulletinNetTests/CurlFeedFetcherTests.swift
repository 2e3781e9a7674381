import BulletinNet
import BulletinTestSupport
import Foundation
import Testing

/// Fetches feeds from a real HTTP server (Tests/BulletinTestSupport/feed_server.py) started by the test.
@Suite(.serialized) struct CurlFeedFetcherTests {
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>T</title><link>https://example.org/</link>
        <item><title>A</title><link>/a</link><pubDate>Mon, 23 Nov 2026 07:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    @Test func fetchesThenGets304WithTheRememberedETag() throws {
        let server = try FeedTestServer()
        try #require(server.port > 0)
        try Data(Self.feed.utf8).write(to: server.folder.appendingPathComponent("feed.xml"))
        let fetcher = try CurlFeedFetcher()

        guard
            case .fetched(let body, let finalURL, let validators) = try fetcher.fetch(
                server.url("/feed.xml"), validators: nil)
        else {
            Issue.record("expected a body on the first fetch")
            return
        }
        #expect(String(decoding: body, as: UTF8.self) == Self.feed)
        #expect(finalURL == server.url("/feed.xml"))
        let etag = try #require(validators.etag)
        #expect(validators.lastModified != nil)

        let second = try fetcher.fetch(server.url("/feed.xml"), validators: validators)
        #expect(second == .notModified(HTTPValidators(etag: etag, lastModified: validators.lastModified)))
        let log = server.requests
        #expect(log.count == 2)
        #expect(log.last?.contains(etag) == true)
        #expect(log.first?.contains("Bulletin/") == true)
    }

    @Test func reportsNotFoundWithURLAndStatus() throws {
        let server = try FeedTestServer()
        let fetcher = try CurlFeedFetcher()
        let error = try #require(throws: HTTPFetchError.self) {
            try fetcher.fetch(server.url("/missing.xml"), validators: nil)
        }
        #expect(error == .status(url: server.url("/missing.xml").absoluteString, code: 404))
        #expect(error.description.contains("HTTP 404"))
    }

    @Test func followsRedirectsUpToTheLimit() throws {
        let server = try FeedTestServer()
        try Data(Self.feed.utf8).write(to: server.folder.appendingPathComponent("feed.xml"))
        let fetcher = try CurlFeedFetcher()
        guard case .fetched(_, let finalURL, _) = try fetcher.fetch(server.url("/redirect/3"), validators: nil) else {
            Issue.record("expected a body after redirects")
            return
        }
        #expect(finalURL == server.url("/feed.xml"))
        #expect(throws: HTTPFetchError.tooManyRedirects(url: server.url("/redirect/7").absoluteString, limit: 5)) {
            try fetcher.fetch(server.url("/redirect/7"), validators: nil)
        }
    }

    @Test func timesOut() throws {
        let server = try FeedTestServer()
        let fetcher = try CurlFeedFetcher(connectTimeout: 1, totalTimeout: 1)
        #expect(throws: HTTPFetchError.timeout(url: server.url("/slow").absoluteString, seconds: 1)) {
            try fetcher.fetch(server.url("/slow"), validators: nil)
        }
    }

    @Test func refusesOtherSchemes() throws {
        let fetcher = try CurlFeedFetcher()
        #expect(throws: HTTPFetchError.unsupportedURL("file:///etc/passwd")) {
            try fetcher.fetch(URL(fileURLWithPath: "/etc/passwd"), validators: nil)
        }
    }

    @Test func anOptionLibcurlRefusesIsAnInternalErrorNamingTheURLAndTheOption() {
        let error = HTTPFetchError.optionRefused(url: "https://example.org/feed.xml", option: 10_002, curlCode: 48)
        #expect(error.description.contains("https://example.org/feed.xml"))
        #expect(error.description.contains("option 10002 (curl error 48)"))
    }
}
