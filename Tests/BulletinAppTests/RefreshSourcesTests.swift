import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `RefreshSources` with real files, a real database and the feed test server
/// (Tests/BulletinTestSupport/feed_server.py): conditional GETs, logs read once across appends, rotation,
/// truncation and compression, exports imported again when changed. The command's output and exit codes are in
/// RefreshCommandTests.
@Suite(.serialized) struct RefreshSourcesTests {
    private static let feed = """
        <rss version="2.0"><channel><link>https://example.org/</link>
        <item><title>A</title><link>/a</link><pubDate>Mon, 23 Nov 2026 07:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    /// A combined-format request for `path` on 2026-11-23 at `minute` past ten, from address `.host`.
    private static func line(_ path: String, minute: Int, host: Int = 5) -> String {
        let clock = String(format: "%02d", minute)
        return "203.0.113.\(host) - - [23/Nov/2026:10:\(clock):00 +0000] \"GET \(path) HTTP/1.1\" 200 512 \"-\" "
            + "\"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0\"\n"
    }

    private func refresh(_ fixture: AppFixture, _ sources: Configuration.Sources) throws -> RefreshSources.Report {
        try RefreshSources(
            sources: sources, database: try fixture.environment.openDatabase(), now: fixture.now,
            timeZone: TimeZone(identifier: "UTC") ?? .current,
            site: URL(string: "https://example.org") ?? fixture.folder,
            logger: fixture.environment.logger
        ).run()
    }

    private func views(_ fixture: AppFixture) throws -> Int {
        try SQLitePageViewStore(database: try fixture.environment.openDatabase()).totals(from: nil, through: nil).views
    }

    private func append(_ text: String, to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func feedsAreFetchedConditionallyAndOneFailingFeedIsAWarning() throws {
        let fixture = try AppFixture()
        let server = try FeedTestServer()
        try server.serve(Self.feed, as: "feed.xml")
        let good = server.url("/feed.xml").absoluteString
        let gone = server.url("/gone.xml").absoluteString
        let sources = Configuration.Sources(feeds: [good, gone])

        let first = try refresh(fixture, sources)
        #expect(first.entries.map(\.status) == [.imported, .failed])
        #expect(first.entries[0].added == 1)
        #expect(first.warnings.count == 1 && first.warnings[0].contains("\(gone) answered HTTP 404"))
        #expect(!first.everyFeedFailed)

        let second = try refresh(fixture, sources)
        #expect(second.entries[0].status == .notModified)
        #expect(second.entries[0].summary == "feed \(good): not modified")
        #expect(server.requests.contains { $0.hasPrefix("GET /feed.xml \"") })

        let none = try refresh(fixture, Configuration.Sources(feeds: [gone]))
        #expect(none.everyFeedFailed)
    }

    @Test func anAppendedLogIsReadFromWhereTheLastRefreshStopped() throws {
        let fixture = try AppFixture()
        let log = fixture.folder.appendingPathComponent("access.log")
        try Data((Self.line("/a", minute: 1) + Self.line("/b", minute: 2)).utf8).write(to: log)
        let sources = Configuration.Sources(logs: [fixture.folder.path + "/access.log*"])

        let first = try refresh(fixture, sources)
        #expect(first.entries.map(\.summary) == ["log \(log.path): 2 views from 2 new lines"])
        #expect(try refresh(fixture, sources).entries.map(\.status) == [.unchanged])
        #expect(try views(fixture) == 2)

        // A line being written (no line end yet) waits for the next refresh.
        try append(Self.line("/c", minute: 3) + "203.0.113.9 - - [23/Nov", to: log)
        #expect(try refresh(fixture, sources).entries.map(\.lines) == [1])
        #expect(try views(fixture) == 3)
        try append("/2026:10:04:00 +0000] \"GET /d HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 Firefox/120.0\"\n", to: log)
        #expect(try refresh(fixture, sources).entries.map(\.lines) == [1])
        #expect(try views(fixture) == 4)
    }

    @Test func viewsImportAndRefreshOfTheSameLogCountEachLineOnce() throws {
        let fixture = try AppFixture()
        let log = fixture.folder.appendingPathComponent("access.log")
        let sources = Configuration.Sources(logs: [log.path])
        try Data((Self.line("/a", minute: 1) + Self.line("/b", minute: 2)).utf8).write(to: log)
        _ = try refresh(fixture, sources)
        try append(Self.line("/c", minute: 3), to: log)
        // `views import` reads the whole log again and replaces what it gave, the refreshes' lines included.
        let store = SQLitePageViewStore(database: try fixture.environment.openDatabase())
        let imported = try ViewImport(store: store, now: fixture.now, timeZone: TimeZone(identifier: "UTC") ?? .current)
            .run(path: log.path, name: log.path, format: .combined, site: nil, period: nil)
        #expect(imported.replaced)
        #expect(try views(fixture) == 3)
        try append(Self.line("/d", minute: 4), to: log)
        _ = try refresh(fixture, sources)
        #expect(try views(fixture) == 4)
    }

    @Test func aRotatedLogAndItsCompressedCopyCountEachLineOnce() throws {
        let fixture = try AppFixture()
        let log = fixture.folder.appendingPathComponent("access.log")
        let rotated = fixture.folder.appendingPathComponent("access.log.1")
        let sources = Configuration.Sources(logs: [fixture.folder.path + "/access.log*"])
        try Data((Self.line("/a", minute: 1) + Self.line("/b", minute: 2)).utf8).write(to: log)
        _ = try refresh(fixture, sources)

        // logrotate renames the log (same inode); the server writes one more line before it reopens the new one.
        try FileManager.default.moveItem(at: log, to: rotated)
        try append(Self.line("/c", minute: 3), to: rotated)
        try Data((Self.line("/d", minute: 4, host: 7) + Self.line("/e", minute: 5, host: 7)).utf8).write(to: log)
        let after = try refresh(fixture, sources)
        #expect(after.entries.map(\.lines) == [2, 1])
        #expect(try views(fixture) == 5)

        // The next rotation compresses access.log.1 into access.log.2.gz: nothing in it is new.
        let compressed = fixture.folder.appendingPathComponent("access.log.2.gz")
        try gzip(rotated, to: compressed)
        try FileManager.default.removeItem(at: rotated)
        let again = try refresh(fixture, sources)
        #expect(again.entries.map(\.status) == [.unchanged, .unchanged])
        #expect(try views(fixture) == 5)

        // A compressed log never seen is read whole, once.
        let older = fixture.folder.appendingPathComponent("older.log")
        try Data((Self.line("/f", minute: 6, host: 9) + Self.line("/g", minute: 7, host: 9)).utf8).write(to: older)
        try gzip(older, to: fixture.folder.appendingPathComponent("access.log.3.gz"))
        #expect(try refresh(fixture, sources).entries.map(\.lines) == [0, 0, 2])
        #expect(try refresh(fixture, sources).entries.map(\.status) == [.unchanged, .unchanged, .unchanged])
        #expect(try views(fixture) == 7)
    }

    @Test func aTruncatedAndRewrittenLogIsReadAgainFromTheStart() throws {
        let fixture = try AppFixture()
        let log = fixture.folder.appendingPathComponent("access.log")
        let sources = Configuration.Sources(logs: [log.path])
        try Data((Self.line("/a", minute: 1) + Self.line("/b", minute: 2) + Self.line("/c", minute: 3)).utf8)
            .write(to: log)
        _ = try refresh(fixture, sources)
        #expect(try views(fixture) == 3)

        // Rewritten shorter with the same first line: what it gave before is replaced by what it holds now.
        try Data((Self.line("/a", minute: 1) + Self.line("/z", minute: 9)).utf8).write(to: log)
        #expect(try refresh(fixture, sources).entries.map(\.lines) == [2])
        #expect(try views(fixture) == 2)

        // Rewritten as long, with the same first line but other bytes after it: read again from the start too.
        try Data((Self.line("/a", minute: 1) + Self.line("/y", minute: 8) + Self.line("/x", minute: 7)).utf8)
            .write(to: log)
        #expect(try refresh(fixture, sources).entries.map(\.lines) == [3])
        #expect(try views(fixture) == 3)
    }

    @Test func anExportIsImportedAgainOnlyWhenItChanged() throws {
        let fixture = try AppFixture()
        let export = fixture.folder.appendingPathComponent("pages.csv")
        try Data("date,url,views\n2026-11-23,https://example.org/a,10\n".utf8).write(to: export)
        let sources = Configuration.Sources(analytics: [fixture.folder.path + "/*.csv"])
        #expect(try refresh(fixture, sources).entries.map(\.views) == [10])
        #expect(try refresh(fixture, sources).entries.map(\.status) == [.unchanged])
        try Data("date,url,views\n2026-11-23,https://example.org/a,12\n".utf8).write(to: export)
        #expect(try refresh(fixture, sources).entries.map(\.views) == [12])
        #expect(try views(fixture) == 12)

        let missing = try refresh(fixture, Configuration.Sources(analytics: [fixture.folder.path + "/none/*.csv"]))
        #expect(missing.entries.map(\.status) == [.failed])
        #expect(missing.warnings.first?.contains("matches no file") == true)
    }

    private func gzip(_ file: URL, to target: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try data.write(to: target)
    }
}
