import Foundation

/// The text form of reports, for the terminal: the same figures as the JSON and the HTML.
public enum ReportText {
    /// The lines for one issue.
    public static func render(_ report: IssueReportData) -> [String] {
        let issue = report.issue
        let delivery = report.delivery
        let reading = report.reading
        let audience = report.audience
        var lines = ["Issue #\(issue.number), \(issue.week): \(issue.subject)"]
        lines.append(
            "Send started \(issue.sendStartedAt) for \(issue.audience) subscribers, \(issue.articles) articles.")
        lines.append("")
        lines.append("Delivery")
        lines.append(
            "  sent \(delivery.sent), deferred \(delivery.deferred), failed \(delivery.failed), unknown "
                + "\(delivery.unknown), skipped \(delivery.skipped), not tried yet \(delivery.pending); bounced later "
                + "\(delivery.bouncedLater), complained later \(delivery.complainedLater).")
        lines.append("  " + durationSentence(delivery))
        if !delivery.byHour.isEmpty {
            lines.append("  Per hour since the send started (sent / not sent):")
            lines += delivery.byHour.map { "    hour \($0.hour): \($0.sent) / \($0.notSent)" }
        }
        if !delivery.domains.isEmpty {
            lines.append("  Recipient domains:")
            lines += aligned(
                [["domain", "messages", "sent", "failed", "bounced later", "failure rate"]]
                    + delivery.domains.map {
                        [
                            $0.domain, "\($0.messages)", "\($0.sent)", "\($0.failed)", "\($0.bouncedLater)",
                            ReportHTML.percent($0.failureRate),
                        ]
                    }
            ).map { "    " + $0 }
        }
        lines.append("")
        lines.append("Reading (visits carrying utm_campaign=\(reading.campaign))")
        lines.append(
            "  \(reading.clicks) clicks, \(reading.visitors) visitors, "
                + "\(ReportHTML.per(reading.clicksPerThousandDelivered)) clicks per 1,000 delivered; "
                + "\(reading.otherPagesClicks) to other pages than the articles.")
        lines += aligned(
            [["clicks", "visitors", "section", "article"]]
                + reading.articles.map {
                    ["\($0.clicks)", "\($0.visitors)", $0.section, $0.title.isEmpty ? $0.url : $0.title]
                }
        ).map { "  " + $0 }
        lines.append("  Sections:")
        lines += reading.sections.map {
            "    \($0.label): \($0.articles) articles, \($0.clicks) clicks, \($0.visitors) visitors, "
                + "\(ReportHTML.per($0.clicksPerThousandDelivered)) per 1,000 delivered"
        }
        lines.append("  By day since sending (clicks / visitors):")
        lines += reading.byDay.map { "    day \($0.daysSinceSend) (\($0.day)): \($0.clicks) / \($0.visitors)" }
        if reading.laterClicks > 0 { lines.append("    later: \(reading.laterClicks)") }
        lines.append("")
        lines.append("Audience (\(audience.from) to \(audience.until))")
        let ways = audience.unsubscribed
        lines.append(
            "  joined \(audience.joined), confirmed \(audience.confirmed), unsubscribed \(ways.total) (one-click "
                + "\(ways.oneClick), preferences \(ways.preferences), mail \(ways.mail), CLI \(ways.cli), other "
                + "\(ways.other)), bounced \(audience.bounced), complained \(audience.complained); net change "
                + "\(ReportHTML.signed(audience.netChange)).")
        if !audience.reasons.isEmpty {
            lines.append("  Unsubscribe reasons:")
            lines += audience.reasons.map { "    \($0.count)  \($0.reason)" }
        }
        return lines
    }

    /// The lines for `--weeks N`.
    public static func render(_ trend: TrendReportData) -> [String] {
        aligned(
            [["issue", "week", "sent", "clicks", "per 1,000", "unsubscribed", "per 1,000"]]
                + trend.issues.map {
                    [
                        "#\($0.number)", $0.week, "\($0.sent)", "\($0.clicks)",
                        ReportHTML.per($0.clicksPerThousandDelivered), "\($0.unsubscribed)",
                        ReportHTML.per($0.unsubscribesPerThousandDelivered),
                    ]
                })
    }

    /// How long the accepted messages took, and at what rate.
    static func durationSentence(_ delivery: IssueReportData.Delivery) -> String {
        guard let seconds = delivery.durationSeconds, let rate = delivery.messagesPerSecond else {
            return "Too few messages accepted to give a duration and rate."
        }
        let duration = seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
        return "First to last accepted message: \(duration), \(SVGChart.number(rate)) messages/s"
            + (delivery.completedAt.map { "; complete \($0)." } ?? "; not complete yet.")
    }

    /// Rows in columns: the first column and text columns left-aligned, numbers right-aligned.
    private static func aligned(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let numeric = cell.first.map { $0.isNumber || $0 == "-" || $0 == "–" } ?? false
                return index > 0 && numeric && index < row.count - 1 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
