import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin articles list`.
struct ListArticles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List articles, newest first, or a week's articles by popularity.",
        discussion: """
            Without --week: every article, newest first, with its page views of all time.

            With --week (an ISO week such as 2026-W47, Monday to Sunday in [digest] timezone): the articles \
            read that week, and those published that week, ranked by unique visitors, then views, then the \
            newest first; both figures count that week only. Unique visitors are counted per day (a client \
            address with a user agent) and summed over the week's days.

            On a terminal the output is an aligned table; when piped, one article per line with tab-separated \
            fields (rank, visitors, views, published, title, url); with --json, an array of objects.

            Examples:
              bulletin articles list --week 2026-W47 --limit 10
              bulletin articles list --json | jq '.[0]'
            """
    )

    @Option(help: ArgumentHelp("Rank the articles of this ISO week (like 2026-W47).", valueName: "week"))
    var week: ISOWeek?

    @Option(help: ArgumentHelp("At most this many.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more.") }
    }

    func run() async throws {
        _ = global.makeLogger()
        let environment = try global.environment()
        let configuration = environment.configuration
        let store = SQLiteArticleStore(database: try environment.openDatabaseToRead())
        let articles: [StoredArticle]
        if let week {
            let zone = configuration.digest.timeZone
            articles = try store.ranked(
                firstDay: CivilDay.format(week.firstDay), lastDay: CivilDay.format(week.lastDay),
                published: Self.start(of: week.firstDay, in: zone)..<Self.start(of: week.lastDay + 1, in: zone),
                limit: limit)
        } else {
            articles = try store.newest(limit: limit)
        }
        let out = Terminal.standardOutput
        if json {
            let ranked = articles.enumerated().map {
                ArticleJSON($1, rank: week == nil ? nil : $0 + 1, withHTML: false)
            }
            out.line(try JSONOutput.string(ranked))
            return
        }
        // Publication days in the digest's zone, as `digest show` and the week's boundaries count them.
        var days = LocalDays(timeZone: configuration.digest.timeZone)
        func fields(_ index: Int, _ stored: StoredArticle) -> [String] {
            let day = days.day(Int64(stored.article.published.timeIntervalSince1970.rounded(.down)))
            return [
                String(index + 1), stored.visitors.grouped, stored.views.grouped, CivilDay.format(day),
                stored.article.title, stored.article.url,
            ]
        }
        guard Terminal.outputIsTerminal else {
            for (index, stored) in articles.enumerated() { out.line(fields(index, stored).joined(separator: "\t")) }
            return
        }
        var table = TextTable(["#", "VISITORS", "VIEWS", "PUBLISHED", "TITLE", "URL"])
        for (index, stored) in articles.enumerated() {
            var row = fields(index, stored)
            if row[4].count > 60 { row[4] = String(row[4].prefix(59)) + "…" }
            table.append(row)
        }
        for line in table.render() { out.line(line) }
        let scope = week.map { " in \($0)" } ?? ""
        out.line("\(articles.count.counted("article"))\(scope)")
    }

    /// The instant a local day starts in `zone`.
    static func start(of day: Int64, in zone: TimeZone) -> Date { zone.instant(localSeconds: day * 86_400) }
}
