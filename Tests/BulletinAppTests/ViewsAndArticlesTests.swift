import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// Page views and articles together, in-process: what `views import`, `articles list --week`, `articles show`
/// and `views stats` read from the database (their output is tested in ArticlesAndViewsCommandTests).
@Suite struct ViewsAndArticlesTests {
    static let feed = SampleSite.feed

    static let log = SampleSite.log

    /// Google Analytics 4's "Pages and screens" download: comment lines naming the period, no date column.
    static let ga4Export = """
        # ----------------------------------------
        # Pages and screens: Page path and screen class
        # Account: Eurasia Example
        # Property: eurasia.example.org
        # ----------------------------------------
        #
        # All Users
        # Start date: 20261123
        # End date: 20261129
        Page path and screen class,Views,Active users,Views per active user,Average engagement time per active user,Event count,Key events,Total revenue
        /news/two,"1,400",700,2,41.5,3000,0,0
        /news/one/,71,8,8.9,12,140,0,0
        (not set),9,9,1,0,9,0,0

        """

    private func importViews(
        _ fixture: AppFixture, _ path: String, format: ViewImport.Format = .csv, site: URL? = nil,
        period: ClosedRange<Int64>? = nil
    ) throws -> ViewImport.Result {
        try ViewImport(environment: fixture.environment).run(
            path: path, name: path, format: format,
            site: site ?? fixture.environment.configuration.newsletter.siteURL, period: period)
    }

    private func articles(_ fixture: AppFixture) throws -> SQLiteArticleStore {
        SQLiteArticleStore(database: try fixture.environment.openDatabase())
    }

    /// The week's articles as `articles list --week` ranks them.
    private func ranked(_ fixture: AppFixture, _ name: String) throws -> [StoredArticle] {
        let week = try #require(ISOWeek(name))
        let zone = fixture.environment.configuration.digest.timeZone
        func start(_ day: Int64) -> Date { zone.instant(localSeconds: day * 86_400) }
        return try articles(fixture).ranked(
            firstDay: CivilDay.format(week.firstDay), lastDay: CivilDay.format(week.lastDay),
            published: start(week.firstDay)..<start(week.lastDay + 1), limit: nil)
    }

    private func report(_ fixture: AppFixture, _ week: String?) throws -> ViewReport {
        try ViewReport(environment: fixture.environment, week: week.flatMap(ISOWeek.init))
    }

    @Test func viewsBeforeArticlesAndReimportDoublesNothing() throws {
        let fixture = try AppFixture()
        let log = try fixture.write(Self.log, to: "access.log")
        let first = try importViews(fixture, log, format: .combined)
        #expect(first.outcome.counts.views == 4)
        #expect(first.outcome.counts.pages == 2)
        #expect(first.outcome.problems.contains { $0.contains("line 6") })
        #expect(!first.replaced)
        // The same log under another name is recognized by its first line.
        let second = try importViews(fixture, try fixture.write(Self.log, to: "copy.log"), format: .combined)
        #expect(second.replaced)

        _ = try ArticleImport(environment: fixture.environment).run(
            sources: [try fixture.write(Self.feed, to: "feed.xml")], refresh: false)
        let rows = try ranked(fixture, "2026-W48")
        #expect(rows.map(\.article.title) == ["Story two", "Story one"])
        #expect(rows.map(\.visitors) == [2, 1])
        #expect(rows.map(\.views) == [3, 1])

        let canonical = try #require(
            CanonicalURL.canonicalize(
                "https://EXAMPLE.org/news/one/?utm_medium=mail#top",
                base: fixture.environment.configuration.newsletter.siteURL))
        let shown = try #require(
            try articles(fixture).article(url: canonical, path: PagePath.normalize(urlPath: canonical)))
        #expect(shown.views == 1)
        #expect(try report(fixture, "2026-W48").totals.views == 4)
    }

    @Test func logWithNoReadableLineIsRejected() throws {
        let fixture = try AppFixture()
        let path = try fixture.write("hello\nworld\n", to: "notes.txt")
        #expect(throws: ViewsImportError.self) { try importViews(fixture, path, format: .combined) }
        #expect(try report(fixture, nil).totals.views == 0)
    }

    @Test func importsAGA4ExportOverTheDaysItNames() throws {
        let fixture = try AppFixture()
        let result = try importViews(fixture, try fixture.write(Self.ga4Export, to: "ga4.csv"))
        #expect(result.outcome.source == "GA4 export")
        #expect(result.outcome.counts.views == 1_471)
        #expect(result.outcome.counts.pages == 2)
        #expect(result.outcome.counts.days == 7)
        _ = try ArticleImport(environment: fixture.environment).run(
            sources: [try fixture.write(Self.feed, to: "feed.xml")], refresh: false)
        let rows = try ranked(fixture, "2026-W48")
        #expect(rows.map(\.article.title) == ["Story two", "Story one"])
        #expect(rows.map(\.views) == [1_400, 71])
        #expect(try report(fixture, "2026-W49").totals.views == 0)
    }

    @Test func anExportWithoutDatesIsSpreadOverItsPeriod() throws {
        let fixture = try AppFixture()
        let pages = try fixture.write(
            "name,visitors,pageviews,bounce_rate,time_on_page\n/news/two,30,45,60,70\n", to: "pages.csv")
        let refused = #expect(throws: ViewsCSVError.self) { try importViews(fixture, pages) }
        #expect(refused?.remedy == .givePeriod)
        #expect(try report(fixture, nil).totals.views == 0)
        let first = try #require(CivilDay.parse("2026-11-23"))
        let last = try #require(CivilDay.parse("2026-11-25"))
        let imported = try importViews(fixture, pages, period: first...last)
        #expect(imported.outcome.source == "Plausible export")
        #expect(imported.outcome.counts.views == 45)
        #expect(imported.outcome.counts.pages == 1)
        #expect(imported.outcome.counts.days == 3)
    }

    @Test func importsAMatomoExportSavedAsUTF16WithTabs() throws {
        let fixture = try AppFixture()
        let text =
            "date\tlabel\tnb_visits\tnb_hits\turl\r\n"
            + "2026-11-24\t/news/two\t5\t9\thttps://www.example.org/news/two\r\n"
            + "2026-11-24\t/elsewhere\t1\t1\thttps://other.example/elsewhere\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let url = fixture.folder.appendingPathComponent("matomo.tsv")
        try Data(bytes).write(to: url)
        let result = try importViews(fixture, url.path, site: URL(string: "https://example.org"))
        #expect(result.outcome.source == "Matomo export")
        #expect(result.outcome.counts.views == 9)
        #expect(result.outcome.counts.pages == 1)
        #expect(result.outcome.counts.days == 1)
    }

    @Test func aMalformedRowBeforeTheFirstGoodOneIsReportedAndTheRestImported() throws {
        let fixture = try AppFixture()
        let csv = "date,path,views\n2026-11-24,\"/news/one\"x,3\n2026-11-24,/news/two,5\n"
        let result = try importViews(fixture, try fixture.write(csv, to: "export.csv"))
        #expect(result.outcome.counts.views == 5)
        #expect(result.outcome.counts.pages == 1)
        #expect(result.outcome.problems.contains { $0.contains("line 2") })
    }
}
