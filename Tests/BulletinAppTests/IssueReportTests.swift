import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `bulletin report` over a real send to aiosmtpd, an access log of campaign visits imported with `views import`,
/// and changes in the subscriber history.
@Suite(.serialized) struct IssueReportTests {
    /// Six recipients on three domains: `bounce…` is refused (550) and `later…` deferred (451) by the test relay.
    static let addresses = [
        "ann@example.org", "bob@example.net", "cem@example.com", "dee@example.org", "bounce-eve@example.net",
        "later-fay@example.org",
    ]

    /// A sent issue, clicks on two of its articles and on the home page, and the week's changes to the list.
    static func reportedSite() async throws -> (site: SendSite, relay: AiosmtpdServer, articles: [String]) {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        // An hour after the subscribers were added.
        let sendTime = try site.environment(at: "2026-11-25T09:00:00Z")
        await #expect(throws: SendIncomplete.self) { try await SendIssue(sendTime).run(week: site.week) }
        let issue = try #require(try site.ledger().issue(week: SendSite.weekName))
        let paths = issue.articles.map { PagePath.normalize(urlPath: $0) }
        let tag = "utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47"
        let phone = "\"-\" \"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)\""
        let desk = "\"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0\""
        let log =
            [
                "203.0.113.1 - - [25/Nov/2026:09:00:00 +0000] \"GET \(paths[0])?\(tag) HTTP/1.1\" 200 5120 \(phone)",
                "203.0.113.1 - - [25/Nov/2026:09:05:00 +0000] \"GET \(paths[0])?\(tag) HTTP/1.1\" 200 5120 \(phone)",
                "203.0.113.2 - - [25/Nov/2026:10:00:00 +0000] \"GET \(paths[0])/?\(tag)#top HTTP/1.1\" 200 5120 \(desk)",
                "203.0.113.2 - - [25/Nov/2026:10:01:00 +0000] \"GET \(paths[1])?\(tag) HTTP/1.1\" 304 0 \(desk)",
                "203.0.113.3 - - [25/Nov/2026:11:00:00 +0000] \"GET /?\(tag) HTTP/1.1\" 200 800 \(desk)",
                // Not clicks: a visit without the campaign, a robot, another issue's campaign, another source.
                "203.0.113.4 - - [25/Nov/2026:12:00:00 +0000] \"GET \(paths[0]) HTTP/1.1\" 200 5120 \(desk)",
                "66.249.66.1 - - [25/Nov/2026:12:00:00 +0000] \"GET \(paths[1])?\(tag) HTTP/1.1\" 200 5120 "
                    + "\"-\" \"Googlebot/2.1\"",
                "203.0.113.5 - - [26/Nov/2026:08:00:00 +0000] \"GET \(paths[1])?utm_source=bulletin&utm_campaign=2026-W46 "
                    + "HTTP/1.1\" 200 5120 \(desk)",
                "203.0.113.6 - - [26/Nov/2026:08:30:00 +0000] \"GET \(paths[1])?utm_source=other&utm_campaign=2026-W47 "
                    + "HTTP/1.1\" 200 5120 \(desk)",
                "203.0.113.7 - - [27/Nov/2026:18:00:00 +0000] \"GET \(paths[0])?\(tag) HTTP/1.1\" 200 5120 \(phone)",
            ].joined(separator: "\n") + "\n"
        let logFile = site.folder.appendingPathComponent("access.log")
        try Data(log.utf8).write(to: logFile)
        let importer = try ViewImport(environment: site.environment)
        for _ in 0..<2 {
            _ = try importer.run(path: logFile.path, name: "access.log", format: .combined, site: nil, period: nil)
        }

        let store = try site.subscribers()
        let later = try #require(Timestamp.parse("2026-11-26T10:00:00Z"))
        let cli = SubscriberChanges(store: store, now: later, source: "cli")
        try cli.unsubscribe(try EmailAddress("ann@example.org"), reason: "too many emails")
        // What the web's one-click unsubscribe records (Subscriptions.unsubscribe).
        let web = SubscriberChanges(store: store, now: later, source: "web")
        try web.unsubscribe(try EmailAddress("bob@example.net"), reason: "one-click unsubscribe in issue 2026-W47")
        _ = try web.add(
            try EmailAddress("gil@example.com"), name: "", topics: [], attributes: [:], status: .pending, force: false)
        try web.activate(try EmailAddress("gil@example.com"), reason: "confirmed by link (double opt-in)", force: false)
        return (site, relay, issue.articles)
    }

    @Test func reportsDeliveryReadingAndAudienceOfARealSend() async throws {
        let (site, _, articles) = try await Self.reportedSite()
        let report = try IssueReport(environment: try site.environment(at: "2026-12-01T09:00:00Z")).issue(week: nil)
        #expect(report.issue.week == "2026-W47")
        #expect(report.delivery.sent == 4)
        #expect(report.delivery.failed == 1)
        #expect(report.delivery.deferred == 1)
        #expect(report.delivery.domains.map(\.domain) == ["example.org", "example.net", "example.com"])
        #expect(report.delivery.domains[1].failureRate == 0.5)
        // Three clicks on the first article by two visitors that day, one two days later; one on the second; one
        // on the home page. The log imported twice counts once.
        #expect(report.reading.clicks == 6)
        #expect(report.reading.articles.first { $0.url == articles[0] }?.clicks == 4)
        #expect(report.reading.articles.first { $0.url == articles[1] }?.clicks == 1)
        #expect(report.reading.otherPagesClicks == 1)
        #expect(report.reading.clicksPerThousandDelivered == 1500)
        #expect(report.reading.byDay.prefix(3).map(\.clicks) == [5, 0, 1])
        #expect(report.reading.byDay.first?.visitors == 4)
        #expect(report.reading.sections.map(\.clicks) == [5])
        #expect(report.audience.unsubscribed.cli == 1)
        #expect(report.audience.unsubscribed.oneClick == 1)
        #expect(report.audience.joined == 1)
        #expect(report.audience.confirmed == 1)
        #expect(report.audience.bounced == 1)
        #expect(report.audience.netChange == -2)
        #expect(report.audience.reasons.map(\.reason).contains("one-click unsubscribe"))

        // Campaign visits count as page views too.
        let totals = try SQLitePageViewStore(database: try site.environment.openDatabase()).totals(
            from: nil, through: nil)
        #expect(totals.views == 9)

        try ReportSnapshot.expect(String(decoding: try ReportJSON.encode(report), as: UTF8.self), "report.json")
    }

    @Test func writesTextHTMLAndTheTrend() async throws {
        let (site, _, _) = try await Self.reportedSite()
        let report = try IssueReport(environment: try site.environment(at: "2026-12-01T09:00:00Z"))
        let text = try report.document(.issue("2026-W47"), format: .text)
        #expect(text.contains("Issue #1, 2026-W47"))
        #expect(text.contains("sent 4, deferred 1, failed 1"))
        #expect(text.contains("6 clicks, "))
        #expect(text.contains("1500.0 clicks per 1,000 delivered"))
        #expect(text.contains("unsubscribed 2 (one-click 1, preferences 0, mail 0, CLI 1, other 0)"))

        let html = try report.document(.issue(nil), format: .html)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("url("))
        #expect(html.contains("<svg class=\"chart\" viewBox="))
        #expect(html.contains("@media print"))
        // The only links are the articles' own.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(hrefs.allSatisfy { $0.hasPrefix("https://example.org/") })

        let trend = try report.trend(count: 4)
        #expect(trend.issues.map(\.week) == ["2026-W47"])
        #expect(trend.issues.first?.clicksPerThousandDelivered == 1500)
        #expect(trend.issues.first?.unsubscribesPerThousandDelivered == 500)
        let trendHTML = try report.document(.trend(4), format: .html)
        #expect(trendHTML.contains("<circle class=\"dot\""))
        #expect(!trendHTML.lowercased().contains("<script"))
        let trendJSON = try report.document(.trend(4), format: .json)
        #expect(trendJSON.contains("\"kind\" : \"trend\""))
        let trendText = try report.document(.trend(4), format: .text)
        #expect(
            trendText.split(separator: "\n").last?.split(separator: " ") == [
                "#1", "2026-W47", "4", "6", "1500.0", "2", "500.0",
            ])
    }

    static var chromiumPresent: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Screenshots of the HTML report on a phone and on a desktop; they are kept in test-artifacts/.
    @Test(.enabled(if: chromiumPresent || inCI, "chromium is not installed (CI requires it)"))
    func theHTMLReportRendersInChromiumOnAPhoneAndADesktop() async throws {
        #expect(Self.chromiumPresent, "chromium must be installed: `make deps` installs it")
        let (site, _, _) = try await Self.reportedSite()
        let html = try IssueReport(environment: try site.environment(at: "2026-12-01T09:00:00Z")).document(
            .issue(nil), format: .html)
        let page = site.folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let artifacts = root.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for (name, width, height) in [("report-390", 390, 2400), ("report-1280", 1280, 1600)] {
            let png = artifacts.appendingPathComponent(name + ".png")
            try? FileManager.default.removeItem(at: png)
            let chromium = Process()
            chromium.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            chromium.arguments = [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString,
            ]
            chromium.standardOutput = FileHandle.nullDevice
            chromium.standardError = FileHandle.nullDevice
            try chromium.run()
            chromium.waitUntilExit()
            let data = try #require(FileManager.default.contents(atPath: png.path), "no screenshot \(name)")
            let bytes = [UInt8](data)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
            let shotWidth = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let shotHeight = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(shotWidth == width && shotHeight == height, "\(name).png is \(shotWidth)×\(shotHeight)")
            // A blank page compresses to a few hundred bytes; tables, text and charts make it far larger.
            #expect(bytes.count > 30_000, "\(name).png is only \(bytes.count) bytes")
        }
    }

    /// An export whose page column keeps the query string counts its tagged rows as clicks, as a log does.
    @Test func anExportWithQueryStringsCountsItsTaggedRowsAsClicks() throws {
        let fixture = try AppFixture()
        let csv = """
            date,url,views,visitors
            2026-11-23,https://example.org/a?utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47,5,4
            2026-11-23,https://example.org/a,7,6
            2026-11-24,https://example.org/a/?utm_campaign=2026-W47&utm_source=bulletin,2,2

            """
        let path = try fixture.write(csv, to: "export.csv")
        let result = try ViewImport(environment: fixture.environment).run(
            path: path, name: "export.csv", format: .csv, site: nil, period: nil)
        #expect(result.outcome.counts.views == 14)
        #expect(result.outcome.counts.campaignViews == 7)
        let visits = try SQLiteReportQueries(database: try fixture.environment.openDatabase()).campaignVisits(
            campaign: "2026-W47")
        #expect(visits.map(\.path) == ["/a", "/a"])
        #expect(visits.map(\.visits) == [5, 2])
        #expect(visits.map(\.visitors) == [4, 2])
    }

    @Test func aWeekWithoutAnIssueIsAnError() async throws {
        let site = try SendSite(subscribers: ["ann@example.org"])
        #expect(throws: StatusError.nothingSent) {
            try IssueReport(environment: site.environment).issue(week: nil)
        }
        #expect(throws: StatusError.notSent("2026-W40")) {
            try IssueReport(environment: site.environment).issue(week: "2026-W40")
        }
    }
}

/// Golden files under Tests/BulletinAppTests/Snapshots/, re-recorded only with RECORD_SNAPSHOTS=1.
enum ReportSnapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func expect(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text == golden, "differs from Snapshots/\(name); re-record with RECORD_SNAPSHOTS=1",
            sourceLocation: sourceLocation)
    }
}
