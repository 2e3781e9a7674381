import ArgumentParser
import BulletinApp
import BulletinCore
import Foundation

/// `bulletin report`: how an issue did, as text, JSON or a self-contained HTML page.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show how an issue did: delivery, clicks per article, and the list's changes, without a pixel.",
        discussion: """
            Delivery comes from the ledger (sent, deferred, failed, unknown, skipped; bounced and complained \
            later from `bulletin inbound`), per hour since the send started and per recipient domain. Reading is \
            the visits to the site whose link carried the issue's campaign (utm_campaign=<week>), as `bulletin \
            views import` kept them from access logs or analytics exports: clicks per article, per section, per \
            day since sending, and per 1,000 delivered messages. Audience is the subscriber history over the seven \
            days from the send's start: joined, confirmed, unsubscribed (one-click, preferences, mail, CLI), \
            bounced, complained, the net change and the reasons given most.

            With --weeks N, one line per issue for the newest N issues: sent, clicks per 1,000, unsubscribes per \
            1,000. The JSON schema (schema_version 1) is documented in the README. A week without an issue is an \
            error (exit 65).

            Examples:
              bulletin report
              bulletin report --week 2026-W47 --format html --output report.html
              bulletin report --weeks 8 --format json
            """
    )

    @Option(help: ArgumentHelp("The issue's ISO week, like 2026-W47 (default: the newest sent).", valueName: "week"))
    var week: String?

    @Option(help: ArgumentHelp("One line per issue for the newest n issues instead.", valueName: "n"))
    var weeks: Int?

    @Option(help: ArgumentHelp("text (default), json, or html (one self-contained page).", valueName: "format"))
    var format: Format = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    /// What to print.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    func validate() throws {
        if let week, ISOWeek(week) == nil {
            throw ValidationError("--week '\(week)' is not an ISO week; write it like 2026-W47.")
        }
        if week != nil, weeks != nil { throw ValidationError("give --week or --weeks, not both.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be 1 to 520.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let report = try IssueReport(environment: try global.environment(logger: logger))
        let scope: IssueReport.Scope = weeks.map { .trend($0) } ?? .issue(week.flatMap { ISOWeek($0)?.description })
        let text = try report.document(scope, format: IssueReport.Format(rawValue: format.rawValue) ?? .text)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw ReportError.cannotWrite(output, error.localizedDescription)
            }
            logger.info("wrote the report (\(format.rawValue), \(text.utf8.count) bytes) to \(output)")
        } else {
            let out = Terminal.standardOutput
            out.write(text)
            out.flush()
        }
    }
}
