import Foundation

/// A site with the example feed and access log imported, the clock fixed in the week after 2026-W47.
enum DigestSite {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func make() throws -> Site {
        let site = try Site()
        var runner = site.runner
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:00:00Z"
        let feed = root.appendingPathComponent("Examples/feed.xml").path
        guard try runner.run(["articles", "import", feed]).status == 0 else { throw Site.SiteError(message: "feed") }
        let log = try Data(contentsOf: root.appendingPathComponent("Examples/access.log.gz"))
        let plain = site.folder.appendingPathComponent("access.log")
        try gunzip(log, to: plain)
        guard try runner.run(["views", "import", plain.path]).status == 0 else {
            throw Site.SiteError(message: "views")
        }
        return site
    }

    /// The runner with the demo clock.
    static func runner(_ site: Site) -> CLIRunner {
        var runner = site.runner
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:00:00Z"
        return runner
    }

    private static func gunzip(_ data: Data, to url: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc > '\(url.path)'"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
