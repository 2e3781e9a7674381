import Foundation
import Testing

/// `bulletin report` from the command line, after a real `send` to the test relay and a `views import` of the
/// campaign's visits: its three formats, `--output`, `--weeks`, and a week without an issue.
@Suite(.serialized) struct ReportCommandTests {
    static let artifacts = DigestSite.root.appendingPathComponent("test-artifacts")

    @Test func reportsASentIssueAsTextJSONAndHTML() throws {
        let relay = try TestRelay()
        let site = try DigestSite.make()
        defer { withExtendedLifetime(site) {} }
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        for address in ["ann@example.org", "bob@example.net", "cem@example.com"] {
            #expect(try runner.run(["subscribers", "add", address]).status == 0)
        }
        #expect(try runner.run(["send", "--yes"]).status == 0)
        let shown = try runner.run(["digest", "show", "--json"])
        let lead = try #require(
            shown.stdout.range(of: #"https://[^"]+"#, options: .regularExpression).map { String(shown.stdout[$0]) })
        let path = try #require(URL(string: lead)?.path)
        let log = (0..<3).map {
            "198.51.100.\($0) - - [25/Nov/2026:09:0\($0):00 +0000] \"GET \(path)?utm_source=bulletin&utm_medium=email"
                + "&utm_campaign=2026-W47 HTTP/1.1\" 200 900 \"-\" \"Mozilla/5.0 (Android 15) Chrome/131\""
        }.joined(separator: "\n")
        let file = site.folder.appendingPathComponent("clicks.log")
        try Data((log + "\n").utf8).write(to: file)
        let imported = try runner.run(["views", "import", file.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("3 views of 1 page on 1 day (3 clicks from an issue's links)"))

        let text = try runner.run(["report"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Issue #1, 2026-W47: "))
        #expect(text.stdout.contains("sent 3, deferred 0, failed 0"))
        #expect(text.stdout.contains("3 clicks, 3 visitors, 1000.0 clicks per 1,000 delivered"))

        let json = try runner.run(["report", "--week", "2026-W47", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == 1)
        #expect((object["reading"] as? [String: Any])?["clicks"] as? Int == 3)

        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("report-cli.html")
        let html = try runner.run(["report", "--format", "html", "--output", page.path])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.isEmpty)
        let written = try String(contentsOf: page, encoding: .utf8)
        #expect(written.contains("<svg class=\"chart\""))
        #expect(!written.lowercased().contains("<script"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
            let phone = try Chromium.widths(of: page, frameWidth: 375)
            #expect(phone.client > 0)
            #expect(phone.scroll <= phone.client, "scrolls sideways at 375 px: \(phone.scroll) > \(phone.client)")
            let png = Self.artifacts.appendingPathComponent("report-cli-375.png")
            try Chromium.screenshot(page, to: png, width: 375)
            #expect(try Chromium.distinctPixelBytes(png) > 64, "the screenshot looks blank")
        }

        let trend = try runner.run(["report", "--weeks", "4"])
        #expect(trend.status == 0, "\(trend.stderr)")
        #expect(trend.stdout.split(separator: "\n").count == 2)
    }

    @Test func aWeekWithoutAnIssueIsOneLineAndExit65() throws {
        let site = try DigestSite.make()
        defer { withExtendedLifetime(site) {} }
        let runner = DigestSite.runner(site)
        let none = try runner.run(["report"])
        #expect(none.status == 65)
        #expect(none.stderr.split(separator: "\n").count == 1)
        let week = try runner.run(["report", "--week", "2026-W40", "--format", "json"])
        #expect(week.status == 65)
        #expect(week.stdout.isEmpty)
        #expect(week.stderr.contains("no issue of 2026-W40 was sent"))
        #expect(try runner.run(["report", "--week", "2026-W47", "--weeks", "2"]).status == 64)
        let unwritable = try runner.run(["report", "--output", "/nonexistent/folder/r.html"])
        #expect(unwritable.status == 65)
    }
}
