import BulletinTestSupport
import Foundation
import Testing

/// `bulletin articles import URL` against the feed test server (Tests/BulletinTestSupport/feed_server.py):
/// the validators are remembered in the database, so the second run gets a 304.
@Suite(.serialized) struct ArticlesImportOverHTTPTests {
    @Test func secondImportIsNotModifiedAndMissingFeedIsExit69() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try FeedTestServer()
        try server.serve(
            """
            <rss version="2.0"><channel><link>https://example.org/</link>
            <item><title>A</title><link>/a</link><pubDate>Mon, 23 Nov 2026 07:00:00 GMT</pubDate></item>
            </channel></rss>
            """, as: "feed.xml")
        let port = server.port

        func bulletin(_ arguments: [String]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = ArticlesAndViewsCommandTests.builtBinary
            process.arguments = arguments
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let error = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (
                process.terminationStatus, String(decoding: output, as: UTF8.self),
                String(decoding: error, as: UTF8.self)
            )
        }
        let site = folder.appendingPathComponent("site")
        #expect(try bulletin(["init", "--directory", site.path]).0 == 0)
        let config = ["--config", site.appendingPathComponent("bulletin.toml").path]
        let url = "http://127.0.0.1:\(port)/feed.xml"

        let first = try bulletin(["articles", "import", url] + config)
        #expect(first.0 == 0)
        #expect(first.1.contains("1 added"))
        let second = try bulletin(["articles", "import", url] + config)
        #expect(second.0 == 0)
        #expect(second.1.contains("not modified"))
        // What --refresh fetches and saves: ArticleImportOverHTTPTests, in-process.
        #expect(try bulletin(["articles", "import", "--refresh", url] + config).0 == 0)

        let missing = try bulletin(["articles", "import", "http://127.0.0.1:\(port)/gone.xml"] + config)
        #expect(missing.0 == 69)
        #expect(missing.2.contains("http://127.0.0.1:\(port)/gone.xml answered HTTP 404"))
    }
}
