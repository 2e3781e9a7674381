import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

/// `ArticleImport` with its real libcurl fetcher against the feed test server
/// (Tests/BulletinNetTests/Fixtures/feed_server.py): the validators are remembered in the database, so the second
/// run gets a 304. The command's output and exit code are in ArticlesImportOverHTTPTests.
@Suite(.serialized) struct ArticleImportOverHTTPTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func secondImportIsNotModifiedARefreshFetchesAgainAndAMissingFeedIsAnError() throws {
        let fixture = try AppFixture()
        let served = fixture.folder.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        try Data(
            """
            <rss version="2.0"><channel><link>https://example.org/</link>
            <item><title>A</title><link>/a</link><pubDate>Mon, 23 Nov 2026 07:00:00 GMT</pubDate></item>
            </channel></rss>
            """.utf8
        ).write(to: served.appendingPathComponent("feed.xml"))

        let server = Process()
        let serverInput = Pipe()
        let serverOutput = Pipe()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", Self.root.appendingPathComponent("Tests/BulletinNetTests/Fixtures/feed_server.py").path,
            served.path,
        ]
        server.standardInput = serverInput
        server.standardOutput = serverOutput
        try server.run()
        defer {
            try? serverInput.fileHandleForWriting.close()
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var portText = ""
        while !portText.hasSuffix("\n") {
            let chunk = serverOutput.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            portText += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
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
