import Foundation
import Testing

@testable import BulletinCore

/// The pure parts of `bulletin report`: the campaign read from a URL, the campaign visits counted from a log,
/// `[web] reports_token`, the chart ticks and the issue's sections.
@Suite struct ReportPartsTests {
    @Test(
        arguments: [
            ("/a?utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47", "2026-W47"),
            ("/a/?utm_campaign=2026-w47&utm_source=Bulletin#top", "2026-W47"),
            ("https://example.org/a?x=1&utm_source=bulletin&utm_campaign=2026W05", "2026-W05"),
            ("/a?utm_source=bulletin&utm_campaign=2026%2DW47", "2026-W47"),
            ("/a?utm_source=newsletter&utm_campaign=2026-W47", nil),
            ("/a?utm_source=bulletin&utm_campaign=spring", nil),
            ("/a?utm_source=bulletin", nil),
            ("/a#utm_source=bulletin&utm_campaign=2026-W47", nil),
            ("/a", nil),
        ] as [(String, String?)])
    func readsOurCampaignFromAURL(url: String, campaign: String?) {
        #expect(IssueCampaign.campaign(inURL: url) == campaign)
    }

    @Test func theLinksAnIssueTagsCarryItsCampaign() {
        #expect(IssueCampaign.campaign(inURL: "/a?" + IssueCampaign.query(week: "2026-W47")) == "2026-W47")
    }

    @Test func aLogCountsCampaignVisitsApartAndAsViews() throws {
        let tag = "utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47"
        let lines = [
            "1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a?\(tag) HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0\"",
            "1.1.1.1 - - [23/Nov/2026:10:01:00 +0000] \"GET /a/?\(tag) HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0\"",
            "1.1.1.2 - - [23/Nov/2026:10:02:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0\"",
            "1.1.1.3 - - [23/Nov/2026:10:03:00 +0000] \"GET /a?\(tag) HTTP/1.1\" 200 1 \"-\" \"curl/8\"",
            "1.1.1.4 - - [23/Nov/2026:10:04:00 +0000] \"GET /a?\(tag) HTTP/1.1\" 404 1 \"-\" \"Mozilla/5.0\"",
        ]
        var views: [DailyPageViews] = []
        var campaigns: [DailyCampaignViews] = []
        let aggregator = PageViewAggregator(
            timeZone: .gmt, flush: { views += $0 }, flushCampaigns: { campaigns += $0 })
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBufferPointer { try aggregator.add(UnsafeBufferPointer($0), number: index + 1) }
        }
        _ = try aggregator.finish()
        #expect(views.map(\.views) == [3])
        let day = try #require(CivilDay.parse("2026-11-23"))
        #expect(campaigns == [DailyCampaignViews(path: "/a", day: day, campaign: "2026-W47", visits: 2, visitors: 1)])
    }

    @Test func anExportKeepsTheCampaignOfItsQueryOrItsCampaignColumn() throws {
        let withQuery = try ViewsCSVFormat(
            header: ["Page path + query string and screen class", "Date", "Views", "Active users"], site: nil)
        #expect(
            withQuery.campaign(["/a?utm_source=bulletin&utm_campaign=2026-W47", "20261123", "3", "2"]) == "2026-W47")
        #expect(withQuery.campaign(["/a", "20261123", "3", "2"]) == nil)
        let withColumn = try ViewsCSVFormat(
            header: ["Page path and screen class", "Date", "Session source", "Session campaign", "Views"], site: nil)
        #expect(withColumn.campaign(["/a", "20261123", "bulletin", "2026-W47", "3"]) == "2026-W47")
        #expect(withColumn.campaign(["/a", "20261123", "google", "2026-W47", "3"]) == nil)
        #expect(withColumn.campaign(["/a", "20261123", "bulletin", "(not set)", "3"]) == nil)
    }

    @Test func theReportsTokenIsReadAndMustBeLong() throws {
        let base = """
            [newsletter]
            name = "Weekly"
            from = "news@example.org"
            site_url = "https://example.org"
            [web]

            """
        let file = URL(fileURLWithPath: "/srv/news/bulletin.toml")
        let token = String(repeating: "a1", count: 16)
        let configuration = try ConfigurationLoader.parse(
            base + "reports_token = \"\(token)\"\n", file: file, displayName: "bulletin.toml")
        #expect(configuration.web.reportsToken == token)
        #expect(try ConfigurationLoader.parse(base, file: file, displayName: "bulletin.toml").web.reportsToken == nil)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse(
                base + "reports_token = \"short\"\n", file: file, displayName: "bulletin.toml")
        }
    }

    @Test(
        arguments: [
            (0.0, [0.0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (37, [0, 10, 20, 30, 40]),
            (1500, [0, 500, 1000, 1500]), (0.4, [0, 0.1, 0.2, 0.3, 0.4]),
        ] as [(Double, [Double])])
    func ticksAreRound(maximum: Double, ticks: [Double]) {
        let found = SVGChart.niceTicks(maximum: maximum)
        #expect(found.count == ticks.count)
        for (a, b) in zip(found, ticks) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func aFrozenIssueIsOneSectionOfAllItsArticles() {
        let issue = FrozenIssue(
            week: "2026-W47", number: 1, subject: "S", textPart: "", htmlPart: "",
            articles: ["https://e.org/a", "https://e.org/b"],
            createdAt: Date(timeIntervalSince1970: 0))
        #expect(
            ReportSection.sections(of: issue) == [
                ReportSection(topic: "main", label: "Articles", articleURLs: ["https://e.org/a", "https://e.org/b"])
            ])
    }

    @Test func topicSectionsFollowTheMainBlock() {
        var issue = FrozenIssue(
            week: "2026-W47", number: 1, subject: "S", textPart: "", htmlPart: "",
            articles: ["https://e.org/a"], createdAt: Date(timeIntervalSince1970: 0))
        issue.sections = [
            RenderedSection(topic: "economy", label: "Economy", articles: ["https://e.org/e"], text: "", html: ""),
            RenderedSection(topic: "empty", label: "Empty", articles: [], text: "", html: ""),
        ]
        #expect(
            ReportSection.sections(of: issue) == [
                ReportSection(topic: "main", label: "Articles", articleURLs: ["https://e.org/a"]),
                ReportSection(topic: "economy", label: "Economy", articleURLs: ["https://e.org/e"]),
            ])
    }
}
