import ArgumentParser
import BulletinApp
import BulletinCore
import Foundation

/// `bulletin check`: the preflight `send` runs before it freezes an issue, shown without sending.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the preflight checks on a week's issue, as send does before freezing it.",
        discussion: """
            Blocking (send refuses the issue, exit 65, unless --force): an article link that answers 404 or 410; \
            fewer articles than [digest] min_articles; an HTML part over 102 KB (Gmail clips it). Warnings: a link \
            that could not be checked (timeout, DNS or connection failure) or answers another error; a subject \
            over 78 characters; an image without alt text or loaded over plain http; the newest-articles \
            fallback (no page views for the week); an article on a host other than [newsletter] site_url's.

            Links are checked several at once with HEAD (GET when HEAD is refused), redirects followed, 10 s each. \
            For a week already frozen, the frozen issue is checked.

            Exit status: 0 when nothing blocks, 65 when something does.

            Examples:
              bulletin check
              bulletin check --week 2026-W47 --json
            """
    )

    @OptionGroup var week: WeekOption

    @Flag(help: "Machine-readable JSON: an array with one object per finding.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let report = try Preflight(environment).run(
            week: week.issueWeek(environment.configuration, now: environment.now()))
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(report.findings.map(PreflightFindingJSON.init)))
        } else {
            let issue = report.number.map { "issue #\($0)" } ?? "no issue"
            let counts =
                "\(report.blocking.count) blocking, \(report.findings.count - report.blocking.count) "
                + "warning\(report.findings.count - report.blocking.count == 1 ? "" : "s")"
            out.line("\(report.week) (\(issue)\(report.isFrozen ? ", frozen" : "")): \(counts)")
            for finding in report.findings {
                out.line("\(finding.severity.rawValue): \(finding.message) [\(finding.check.rawValue)]")
            }
        }
        out.flush()
        if report.blocks {
            throw PreflightBlocked(week: report.week, count: report.blocking.count, stoppedSend: false)
        }
    }
}

/// One finding of `check --json`.
struct PreflightFindingJSON: Encodable {
    let severity: String
    let check: String
    let message: String
    let url: String?

    init(_ finding: PreflightFinding) {
        severity = finding.severity.rawValue
        check = finding.check.rawValue
        message = finding.message
        url = finding.url
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(check, forKey: .check)
        try container.encode(message, forKey: .message)
        // Always present, null when the finding concerns no address, so that every object has the same keys.
        try container.encode(url, forKey: .url)
    }

    private enum CodingKeys: String, CodingKey {
        case severity, check, message, url
    }
}
