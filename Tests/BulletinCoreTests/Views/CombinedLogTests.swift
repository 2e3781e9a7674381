import BulletinCore
import Foundation
import Testing

/// Log lines as real servers write them, and how they are counted.
@Suite struct CombinedLogTests {
    static func parse(_ text: String) -> (CombinedLogLine, [UInt8])? {
        let bytes = Array(text.utf8)
        var cache = LogTimeCache()
        return bytes.withUnsafeBufferPointer { buffer in
            CombinedLogLine.parse(buffer, timeCache: &cache).map { ($0, bytes) }
        }
    }

    static func string(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
        range.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func readsIPv6ClientAndEscapedQuotesInUserAgent() throws {
        let line =
            #"2001:db8:85a3::8a2e:370:7334 - - [23/Nov/2026:07:05:09 +0100] "GET /news/a?x=1 HTTP/2.0" 200 512 "https://ref.example/\"q\"" "Mozilla/5.0 \"Weird\" Agent""#
        let (parsed, bytes) = try #require(Self.parse(line))
        #expect(Self.string(bytes, parsed.host) == "2001:db8:85a3::8a2e:370:7334")
        #expect(Self.string(bytes, parsed.method) == "GET")
        #expect(Self.string(bytes, parsed.target) == "/news/a?x=1")
        #expect(parsed.status == 200)
        #expect(Self.string(bytes, parsed.userAgent) == #"Mozilla/5.0 \"Weird\" Agent"#)
        #expect(Timestamp.format(parsed.time) == "2026-11-23T06:05:09Z")
    }

    @Test func readsDashFieldsAndCommonFormat() throws {
        let (dashed, bytes) = try #require(
            Self.parse(#"10.0.0.1 - frank [23/Nov/2026:07:05:09 +0000] "-" 408 - "-" "-""#))
        #expect(dashed.status == 408)
        #expect(dashed.method.isEmpty)
        #expect(Self.string(bytes, dashed.userAgent) == "")
        let (common, _) = try #require(Self.parse(#"10.0.0.1 - - [23/Nov/2026:07:05:09 -0500] "GET / HTTP/1.0" 200 -"#))
        #expect(common.userAgent == nil)
        #expect(Timestamp.format(common.time) == "2026-11-23T12:05:09Z")
    }

    @Test(arguments: [
        "", "garbage", #"10.0.0.1 - - [99/Nov/2026:07:05:09 +0000] "GET / HTTP/1.1" 200 1 "-" "x""#,
        #"10.0.0.1 - - [23/Nov/2026:07:05:09 +0000] "GET / HTTP/1.1" abc 1 "-" "x""#,
        #"10.0.0.1 - - [23/Nov/2026:07:05:09 +0000] "GET / HTTP/1.1 200 1"#,
    ])
    func rejectsMalformedLines(line: String) {
        #expect(Self.parse(line) == nil)
    }

    @Test(arguments: [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", true), ("curl/8.4.0", true), ("Wget/1.21", true),
        ("python-requests/2.31", true), ("Mozilla/5.0 HeadlessChrome/120.0", true),
        ("facebookexternalhit/1.1", true), ("Feedly/1.0 (+http://www.feedly.com/fetcher.html)", true),
        ("Slackbot-LinkExpanding 1.0", true), ("WhatsApp/2.23", true), ("", true),
        ("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", true),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148 [LinkedInApp]", false),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", false),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
            false
        ),
    ])
    func detectsRobots(agent: String, robot: Bool) {
        #expect(RobotDetector().isRobot(agent) == robot)
    }

    @Test func countsViewsAndDailyVisitorsInTheConfiguredZone() throws {
        let lines = [
            #"203.0.113.5 - - [23/Nov/2026:22:30:00 +0000] "GET /news/one/?utm_source=x HTTP/1.1" 200 1 "-" "Firefox""#,
            #"203.0.113.5 - - [23/Nov/2026:22:31:00 +0000] "GET /news/one HTTP/1.1" 304 - "-" "Firefox""#,
            #"203.0.113.6 - - [23/Nov/2026:22:32:00 +0000] "GET /news/one HTTP/1.1" 200 1 "-" "Firefox""#,
            #"203.0.113.6 - - [23/Nov/2026:22:33:00 +0000] "GET /news/one HTTP/1.1" 200 1 "-" "Googlebot""#,
            #"203.0.113.6 - - [23/Nov/2026:22:34:00 +0000] "GET /news/one.css HTTP/1.1" 200 1 "-" "Firefox""#,
            #"203.0.113.6 - - [23/Nov/2026:22:35:00 +0000] "POST /news/one HTTP/1.1" 200 1 "-" "Firefox""#,
            #"203.0.113.6 - - [23/Nov/2026:22:36:00 +0000] "GET /news/two HTTP/1.1" 404 1 "-" "Firefox""#,
            "not a log line",
            #"203.0.113.5 - - [23/Nov/2026:23:30:00 +0000] "GET /news/one HTTP/1.1" 200 1 "-" "Firefox""#,
        ]
        var rows: [DailyPageViews] = []
        // Europe/Berlin is UTC+1 in November: 23:30 UTC is already the 24th there.
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let aggregator = PageViewAggregator(timeZone: zone) { rows += $0 }
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBufferPointer { try aggregator.add(UnsafeBufferPointer($0), number: index + 1) }
        }
        let counts = try aggregator.finish()
        #expect(counts.lines == 9)
        #expect(counts.views == 4)
        #expect(counts.robots == 1)
        #expect(counts.other == 3)
        #expect(counts.unparseable == 1)
        #expect(aggregator.unparseableLines == [8])
        let day23 = try #require(CivilDay.parse("2026-11-23"))
        #expect(
            rows == [
                DailyPageViews(path: "/news/one", day: day23, views: 3, visitors: 2),
                DailyPageViews(path: "/news/one", day: day23 + 1, views: 1, visitors: 1),
            ])
    }

    @Test func flushesFinishedDaysAsTheLogMovesOn() throws {
        var batches: [[DailyPageViews]] = []
        let aggregator = PageViewAggregator(timeZone: TimeZone(identifier: "UTC") ?? .current) { batches.append($0) }
        for day in 1...5 {
            let line = "10.0.0.1 - - [0\(day)/Nov/2026:12:00:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"Firefox\""
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBufferPointer { try aggregator.add(UnsafeBufferPointer($0), number: day) }
        }
        // Days 1 to 3 were handed over while reading; 4 and 5 at the end.
        #expect(batches.count == 3)
        _ = try aggregator.finish()
        #expect(batches.flatMap { $0 }.count == 5)
    }

    @Test func readsISOWeeks() throws {
        let week = try #require(ISOWeek("2026-W48"))
        #expect(CivilDay.format(week.firstDay) == "2026-11-23")
        #expect(CivilDay.format(week.lastDay) == "2026-11-29")
        #expect(ISOWeek(containing: week.firstDay + 3) == week)
        #expect(ISOWeek("2026-W54") == nil)
        #expect(ISOWeek("2020-W53")?.description == "2020-W53")
        #expect(CivilDay.format(try #require(ISOWeek("2021-W01")).firstDay) == "2021-01-04")
    }

    @Test func readsAnalyticsCSVRows() throws {
        let format = try ViewsCSVFormat(
            header: ["Date", "URL", "Views", "Visitors"], site: URL(string: "https://example.org"))
        var days = LocalDays(timeZone: TimeZone(identifier: "UTC") ?? .current)
        let rows = try format.records(
            ["2026-11-23", "https://example.org/a/?q=1", "1,234", "900"], line: 2, isFirst: true, days: &days)
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.path == "/a")
        #expect(row.views == 1234)
        #expect(row.visitors == 900)
        #expect(
            try format.records(
                ["2026-11-23", "https://other.example/a", "1", "1"], line: 3, isFirst: false, days: &days
            )
            .isEmpty)
        #expect(throws: ViewsCSVError.self) {
            try format.records(["soon", "/a", "1", "1"], line: 4, isFirst: false, days: &days)
        }
        #expect(throws: ViewsCSVError.self) { try ViewsCSVFormat(header: ["day", "hits"], site: nil) }
    }
}
