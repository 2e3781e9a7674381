import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin views stats`.
struct ViewStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the stored page views: totals, the most visited pages, and the imports.",
        discussion: """
            Without --week, all stored views; with --week (an ISO week such as 2026-W47, days in [digest] \
            timezone), that week's. Visitors are unique per page and day, summed over the days.

            Example:
              bulletin views stats --week 2026-W47 --json
            """
    )

    @Option(help: ArgumentHelp("Only this ISO week (like 2026-W47).", valueName: "week"))
    var week: ISOWeek?

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    struct StatsJSON: Encodable {
        struct Page: Encodable {
            var path: String
            var views: Int
            var visitors: Int
            var title: String?
        }
        struct Source: Encodable {
            var name: String
            var format: String
            var lines: Int
            var bytes: Int
            var importedAt: String
        }
        var week: String?
        var firstDay: String?
        var lastDay: String?
        var views: Int
        var visitors: Int
        var pages: Int
        var days: Int
        var top: [Page]
        var sources: [Source]
    }

    func run() async throws {
        _ = global.makeLogger()
        let report = try ViewReport(environment: try global.environment(), week: week)
        let (totals, sources) = (report.totals, report.sources)
        let out = Terminal.standardOutput
        if json {
            let value = StatsJSON(
                week: week?.description, firstDay: totals.firstDay, lastDay: totals.lastDay, views: totals.views,
                visitors: totals.visitors, pages: totals.pages, days: totals.days,
                top: totals.top.map { .init(path: $0.path, views: $0.views, visitors: $0.visitors, title: $0.title) },
                sources: sources.map {
                    .init(
                        name: $0.name, format: $0.format, lines: $0.lines, bytes: $0.bytes,
                        importedAt: Timestamp.format($0.imported))
                })
            out.line(try JSONOutput.string(value))
            return
        }
        let period = week.map { "\($0)" } ?? "All time"
        let span = totals.firstDay.map { " (\($0) to \(totals.lastDay ?? $0))" } ?? ""
        out.line(
            "\(period)\(span): \(totals.views.grouped) views, \(totals.visitors.grouped) daily unique visitors, "
                + "\(totals.pages.grouped) pages, \(totals.days.grouped) days.")
        if !totals.top.isEmpty {
            out.line()
            var table = TextTable(["VISITORS", "VIEWS", "PATH", "ARTICLE"])
            for page in totals.top {
                table.append([page.visitors.grouped, page.views.grouped, page.path, page.title ?? "—"])
            }
            for line in table.render() { out.line(line) }
        }
        if !sources.isEmpty {
            out.line()
            var table = TextTable(["IMPORTED", "FORMAT", "LINES", "SOURCE"])
            for source in sources {
                table.append([
                    Timestamp.format(source.imported), source.format, source.lines.grouped, source.name,
                ])
            }
            for line in table.render() { out.line(line) }
        }
    }
}
