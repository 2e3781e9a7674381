import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin views import`.
struct ImportViews: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import page views from an access log or an analytics export.",
        discussion: """
            combined (the default): an Apache or nginx access log in the combined or the common log format. A \
            view is a GET of a page (a path whose last segment has no extension, or .html, .htm, .shtml, .php, \
            .asp, .aspx or .jsp) answered 200 or 304, by a user agent that is not a robot (see README.md for \
            the list; an empty user agent is a robot). The query string and a trailing slash are ignored: \
            /news/story/?utm_source=x counts as /news/story. A unique visitor is a client address with a user \
            agent, counted once per page and day.

            csv: an analytics export, recognized by its header: a plain export naming date, url (or path), views \
            and optionally visitors; Google Analytics 4's "Pages and screens"; Plausible's pages.csv or \
            imported_pages CSV; Matomo's Page URLs exported flat. UTF-8 or UTF-16 ("Unicode text"), separated by \
            commas, semicolons or tabs. An export without a date column (GA4 names its days in its comment \
            lines; otherwise give --period) has each page's views spread evenly over the period's days. A url \
            or hostname of another host than --site (default: [newsletter] site_url) is skipped.

            A line that cannot be read is counted and the first ones are reported with their line numbers; \
            the import goes on. If no line at all can be read, nothing is written (exit 65).

            Importing the same data twice doubles nothing: a log is recognized by its first line (an export by \
            its first two lines), not by its name, and importing it again replaces what it contributed before. \
            So a log that has grown since its last import is simply imported again and counted whole, once; a \
            rotated log (access.log.1) is recognized as the access.log it was. Import rotated files one by one: \
            several files concatenated into one stream are one log, recognized by the first file's first line.

            Examples:
              bulletin views import /var/log/nginx/access.log
              zcat access.log.2.gz | bulletin views import -
              bulletin views import ga-export.csv --format csv
              bulletin views import pages.csv --format csv --period 2026-11-16..2026-11-22
            """
    )

    @Argument(help: ArgumentHelp("The log or export, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "The format: combined (Apache/nginx access log) or csv (analytics export).")
    var format: ViewsFormat = .combined

    @Option(help: ArgumentHelp("The site the views belong to (default: [newsletter] site_url).", valueName: "url"))
    var site: String?

    @Option(
        help: ArgumentHelp(
            "For a csv export without a date column: the days it covers, FIRST..LAST (YYYY-MM-DD); with a date "
                + "column, only rows of these days are imported.", valueName: "first..last"))
    var period: String?

    @OptionGroup var global: GlobalOptions

    /// ``period`` as days since 1970.
    var periodDays: ClosedRange<Int64>? {
        get throws {
            guard let period else { return nil }
            let parts = period.components(separatedBy: "..")
            guard parts.count == 2, let first = CivilDay.parse(parts[0]), let last = CivilDay.parse(parts[1]),
                first <= last
            else {
                throw ValidationError(
                    "--period '\(period)' is not FIRST..LAST with two dates, the first not after the last "
                        + "(for example 2026-11-16..2026-11-22).")
            }
            return first...last
        }
    }

    func validate() throws {
        _ = try periodDays
        if period != nil, format != .csv {
            throw ValidationError("--period is for analytics exports: add --format csv, or leave --period out.")
        }
        if let site {
            guard let url = URL(string: site), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else { throw ValidationError("--site '\(site)' is not a web address like https://example.org.") }
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let name = file == "-" ? "standard input" : file
        let siteURL = site.flatMap { URL(string: $0) } ?? environment.configuration.newsletter.siteURL
        let result = try ViewImport(environment: environment).run(
            path: file, name: name, format: format == .combined ? .combined : .csv, site: siteURL,
            period: try periodDays)
        let (outcome, replaced) = (result.outcome, result.replaced)
        for problem in outcome.problems { logger.warning("\(name): \(problem)") }
        let counts = outcome.counts
        if counts.unparseable > outcome.problems.count {
            logger.warning(
                "\(name): … and \((counts.unparseable - outcome.problems.count).grouped) more lines that cannot be read"
            )
        }
        let unit = format == .combined ? "line" : "row"
        var summary =
            "Imported \(name) (\(outcome.source ?? format.rawValue)\(replaced ? ", replacing its earlier import" : "")): "
            + "\(counts.lines.counted(unit)); \(counts.views.counted("view")) of \(counts.pages.counted("page")) "
            + "on \(counts.days.counted("day"))"
        if counts.campaignViews > 0 {
            summary += " (\(counts.campaignViews.counted("click")) from an issue's links)"
        }
        if format == .combined {
            summary +=
                "; not counted: \(counts.robots.counted("robot page request")), "
                + "\(counts.other.counted("other request"))"
        }
        if counts.unparseable > 0 {
            summary += "; \(counts.unparseable.counted(unit)) could not be read"
        }
        Terminal.standardOutput.line(summary + ".")
    }
}
