import BulletinTestSupport
import Foundation
import Testing

/// `bulletin articles` and `bulletin views` end to end: the built binary, a fresh site folder, real files.
@Suite(.serialized) struct ArticlesAndViewsCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var binary: URL { builtBinary }

    /// The `bulletin` built beside this test binary (debug or release), else the debug build.
    static var builtBinary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("bulletin")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/bulletin")
    }
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-articles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try run(["init", "--directory", folder.appendingPathComponent("site").path], config: false)
        try #require(result.status == 0)
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    @discardableResult
    func run(_ arguments: [String], config: Bool = true, input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments =
            arguments + (config ? ["--config", folder.appendingPathComponent("site/bulletin.toml").path] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["BULLETIN_NOW"] = "2026-11-30T07:00:00Z"
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let feed = SampleSite.feed

    static let log = SampleSite.log

    @Test func malformedFeedIsOneLineErrorAndWritesNothing() throws {
        let good = try write("good.xml", Self.feed)
        let bad = try write("bad.xml", "<rss><channel>\n<item><title>x</title></channel></rss>")
        let result = try run(["articles", "import", good, bad])
        #expect(result.status == 65)
        #expect(result.error.hasPrefix("bulletin: error: \(bad):2:"))
        #expect(result.error.split(separator: "\n").count == 1)
        #expect(try run(["articles", "list"]).output.isEmpty)
    }

    @Test func unreachableFeedIsExit69() throws {
        let result = try run(["articles", "import", "http://127.0.0.1:9/feed.xml"])
        #expect(result.status == 69)
        #expect(result.error.contains("http://127.0.0.1:9/feed.xml"))
    }

    @Test func viewsBeforeArticlesAndReimportDoublesNothing() throws {
        let log = try write("access.log", Self.log)
        let first = try run(["views", "import", log])
        #expect(first.status == 0)
        #expect(first.output.contains("4 views of 2 pages"))
        #expect(first.error.contains("line 6"))
        let second = try run(["views", "import", "-"], input: Self.log)
        #expect(second.output.contains("replacing its earlier import"))

        // The figures are also checked in-process (ViewsAndArticlesTests); here the commands' output.
        #expect(try run(["articles", "import", try write("feed.xml", Self.feed)]).status == 0)
        let ranked = try run(["articles", "list", "--week", "2026-W48"])
        let rows = ranked.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[4] } == ["Story two", "Story one"])
        #expect(rows.map { $0[1] } == ["2", "1"])
        #expect(rows.map { $0[2] } == ["3", "1"])
        let shown = try run(["articles", "show", "https://EXAMPLE.org/news/one/?utm_medium=mail#top", "--json"])
        #expect(shown.output.contains("\"views\" : 1"))
        let stats = try run(["views", "stats", "--week", "2026-W48", "--json"])
        #expect(stats.output.contains("\"views\" : 4"))
    }

    @Test func logWithNoReadableLineIsRejected() throws {
        let result = try run(["views", "import", try write("notes.txt", "hello\nworld\n")])
        #expect(result.status == 65)
        #expect(try run(["views", "stats", "--json"]).output.contains("\"views\" : 0"))
    }

    @Test func asksForThePeriodOfAnExportWithoutDates() throws {
        let pages = try write("pages.csv", "name,visitors,pageviews,bounce_rate,time_on_page\n/news/two,30,45,60,70\n")
        let refused = try run(["views", "import", pages, "--format", "csv"])
        #expect(refused.status == 65)
        #expect(refused.error.contains("--period FIRST..LAST"))
        let imported = try run(["views", "import", pages, "--format", "csv", "--period", "2026-11-23..2026-11-25"])
        // What it imported: ViewsAndArticlesTests.anExportWithoutDatesIsSpreadOverItsPeriod.
        #expect(imported.status == 0)
        let wrong = try run(["views", "import", pages, "--format", "csv", "--period", "2026-11-25..2026-11-23"])
        #expect(wrong.status == 64)
    }

    @Test func listsPublicationDaysInTheDigestZone() throws {
        let config = folder.appendingPathComponent("site/bulletin.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "[digest]\n", with: "[digest]\ntimezone = \"Asia/Almaty\"\n").utf8)
            .write(to: config)
        let late = """
            <rss version="2.0"><channel><title>Site</title><link>https://example.org/</link>
            <item><title>Late story</title><link>/news/late</link><pubDate>Tue, 24 Nov 2026 22:30:00 GMT</pubDate></item>
            </channel></rss>
            """
        #expect(try run(["articles", "import", try write("late.xml", late)]).status == 0)
        let listed = try run(["articles", "list"])
        // 22:30 UTC on the 24th is 03:30 on the 25th in Almaty (UTC+5).
        #expect(listed.output.split(separator: "\t")[3] == "2026-11-25")
    }
}
