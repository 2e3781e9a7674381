import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin status`: where an issue's delivery stands.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how the delivery of an issue stands: counts per state, rate, and each failure's reply.",
        discussion: """
            Without --week, shows the newest issue that `bulletin send` froze. The states: queued (not tried yet), \
            sending (a send is on it, or one died; the next send settles it), sent, deferred (to be tried again), \
            failed (refused by the relay, or out of attempts), unknown (the relay may or may not have it; \
            `bulletin send --retry-unknown` sends it again) and skipped (the subscriber left before their turn). \
            An issue a send halted (too many permanent failures) says so, with the reason; \
            `bulletin send --week W --resume` sends on. Reports that came back later about the issue's messages \
            (read by `bulletin inbound`: bounces, complaints, unsubscribes by mail) are counted, with how many \
            subscribers they made bounced, complained or unsubscribed.

            Examples:
              bulletin status
              bulletin status --week 2026-W47 --json
            """
    )

    @Option(help: ArgumentHelp("The issue's ISO week, like 2026-W47 (default: the newest sent).", valueName: "week"))
    var week: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "List at most this many failed, unknown, deferred and refused-then-queued messages (default 50).",
            valueName: "n")
    )
    var problems = 50

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let week, ISOWeek(week) == nil {
            throw ValidationError("--week '\(week)' is not an ISO week; write it like 2026-W47.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let status: DeliveryStatus.Report
        do {
            status = try DeliveryStatus(try global.environment(logger: logger)).report(week: week, problems: problems)
        } catch StatusError.nothingSent {
            // Before the first issue there is nothing wrong to report: a sentence, and success.
            Terminal.standardOutput.line(
                json ? #"{"issue":null}"# : "No issue has been sent yet; `bulletin send` sends the first one.")
            return
        }
        let report = StatusReport(
            issue: status.issue, counts: status.counts, span: status.span, nextAttempt: status.nextAttempt,
            problems: status.problems, reports: status.reports, reportOutcomes: status.reportOutcomes)
        let out = Terminal.standardOutput
        if json {
            out.line(String(decoding: try report.json(), as: UTF8.self))
        } else {
            report.text().forEach { out.line($0) }
        }
    }
}

/// What `status` shows, as text or JSON.
struct StatusReport {
    let issue: FrozenIssue
    let counts: [DeliveryState: Int]
    let span: ClosedRange<Date>?
    let nextAttempt: Date?
    let problems: [SQLiteDeliveryLedger.Problem]
    var reports: [InboundFinding.Kind: Int] = [:]
    var reportOutcomes: [String: Int] = [:]

    /// The statuses later reports moved subscribers to, in the order shown.
    private static let reportStatuses = ["bounced", "complained", "unsubscribed"]

    private var sent: Int { counts[.sent] ?? 0 }

    /// Seconds from the first to the last accepted message, and messages per second over them.
    private var rate: (seconds: Double, perSecond: Double)? {
        guard let span, sent > 1 else { return nil }
        let seconds = span.upperBound.timeIntervalSince(span.lowerBound)
        return seconds > 0 ? (seconds, Double(sent) / seconds) : nil
    }

    func text() -> [String] {
        var lines = ["Issue #\(issue.number), \(issue.week): \(issue.subject)"]
        lines.append(
            "Frozen \(Timestamp.format(issue.createdAt)) for \(issue.audience.counted("subscriber")); "
                + (issue.completedAt.map { "complete \(Timestamp.format($0))." }
                    ?? (issue.haltReason == nil ? "in progress." : "halted.")))
        if let reason = issue.haltReason {
            lines.append(
                "Halted \(issue.haltedAt.map(Timestamp.format) ?? ""): \(reason). Resume with "
                    + "`bulletin send --week \(issue.week) --resume`.")
        }
        lines.append("")
        var table = TextTable(["state", "messages"])
        for state in DeliveryState.allCases { table.append([state.rawValue, "\(counts[state] ?? 0)"]) }
        lines += table.render().map { "  " + $0 }
        if rate != nil || (counts[.deferred] ?? 0) > 0 { lines.append("") }
        if let rate {
            lines.append(
                "Rate: \(Int(rate.perSecond.rounded())) messages/s over \(Self.duration(rate.seconds)) "
                    + "(first to last accepted message).")
        }
        if let nextAttempt, (counts[.deferred] ?? 0) > 0 {
            lines.append("Deferred messages are tried again from \(Timestamp.format(nextAttempt)).")
        }
        if !problems.isEmpty {
            lines.append("")
            var table = TextTable(["address", "state", "attempts", "reply"])
            for problem in problems {
                let code = problem.replyCode == 0 ? "" : "\(problem.replyCode) "
                table.append([
                    problem.email, problem.state.rawValue, "\(problem.attempts)",
                    "\(problem.stage.isEmpty ? "" : problem.stage + ": ")\(code)\(problem.replyText)",
                ])
            }
            lines += table.render().map { "  " + $0 }
        }
        if !reports.isEmpty {
            lines.append("")
            let kinds = InboundFinding.Kind.allCases.map { "\($0.rawValue) \(reports[$0] ?? 0)" }
            let changed = Self.reportStatuses.map { "\($0) \(reportOutcomes[$0] ?? 0)" }
            lines.append(
                "Reports received later: " + kinds.joined(separator: ", ") + "; subscribers "
                    + changed.joined(separator: ", ") + ".")
        }
        if let unknown = counts[.unknown], unknown > 0 {
            lines.append("")
            lines.append(
                "\(unknown.counted("message")) may or may not have been delivered. To send them again (their recipients may "
                    + "get two copies): bulletin send --week \(issue.week) --retry-unknown")
        }
        return lines
    }

    private static func duration(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
    }

    private struct JSON: Encodable {
        var week: String
        var number: Int
        var subject: String
        var audience: Int
        var createdAt: String
        var completedAt: String?
        var halted: Bool
        var haltedAt: String?
        var haltReason: String?
        var counts: [String: Int]
        var messagesPerSecond: Double?
        var durationSeconds: Double?
        var nextAttemptAt: String?
        var problems: [Problem]
        var reports: [String: Int]
        var reportChanges: [String: Int]

        struct Problem: Encodable {
            var email: String
            var state: String
            var attempts: Int
            var stage: String
            var replyCode: Int
            var replyText: String
            var updatedAt: String
        }
    }

    func json() throws -> Data {
        let value = JSON(
            week: issue.week, number: issue.number, subject: issue.subject, audience: issue.audience,
            createdAt: Timestamp.format(issue.createdAt), completedAt: issue.completedAt.map(Timestamp.format),
            halted: issue.haltReason != nil, haltedAt: issue.haltedAt.map(Timestamp.format),
            haltReason: issue.haltReason,
            counts: Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            messagesPerSecond: rate.map { ($0.perSecond * 10).rounded() / 10 }, durationSeconds: rate?.seconds,
            nextAttemptAt: (counts[.deferred] ?? 0) > 0 ? nextAttempt.map(Timestamp.format) : nil,
            problems: problems.map {
                JSON.Problem(
                    email: $0.email, state: $0.state.rawValue, attempts: $0.attempts, stage: $0.stage,
                    replyCode: $0.replyCode, replyText: $0.replyText, updatedAt: Timestamp.format($0.updatedAt))
            },
            reports: Dictionary(
                uniqueKeysWithValues: InboundFinding.Kind.allCases.map { ($0.rawValue, reports[$0] ?? 0) }),
            reportChanges: Dictionary(
                uniqueKeysWithValues: Self.reportStatuses.map { ($0, reportOutcomes[$0] ?? 0) }))
        return try JSONOutput.encoder(pretty: true).encode(value)
    }
}
