import Foundation

/// The HTML form of reports: one self-contained page (inline CSS and SVG charts, no script, no external asset),
/// with a print stylesheet.
public enum ReportHTML {
    /// The page for one issue.
    public static func render(_ report: IssueReportData) -> String {
        let issue = report.issue
        let delivery = report.delivery
        let reading = report.reading
        let audience = report.audience
        var body = "<header><p class=\"kicker\">Issue #\(issue.number) · \(e(issue.week))</p>"
        body += "<h1>\(e(issue.subject))</h1>"
        body +=
            "<p class=\"meta\">Send started \(e(issue.sendStartedAt)) for \(issue.audience) subscribers; "
            + "report made \(e(report.generatedAt)).</p></header>"
        body += "<section class=\"cards\">"
        body += card("Delivered", "\(delivery.sent)", "of \(issue.audience)")
        body += card("Clicks", "\(reading.clicks)", "\(reading.visitors) visitors")
        body += card("Clicks per 1,000", per(reading.clicksPerThousandDelivered), "delivered messages")
        body += card("Unsubscribed", "\(audience.unsubscribed.total)", "in the week after")
        body += card("Net change", signed(audience.netChange), "active subscribers")
        body += "</section>"

        body += "<section><h2>Delivery</h2><div class=\"grid\"><div>"
        body += table(
            ["state", "messages"],
            [
                ["sent", "\(delivery.sent)"], ["deferred", "\(delivery.deferred)"], ["failed", "\(delivery.failed)"],
                ["unknown", "\(delivery.unknown)"], ["skipped", "\(delivery.skipped)"],
                ["not tried yet", "\(delivery.pending)"], ["bounced later", "\(delivery.bouncedLater)"],
                ["complained later", "\(delivery.complainedLater)"],
            ], numeric: [1])
        body += "<p>" + e(ReportText.durationSentence(delivery)) + "</p></div><div>"
        body += "<h3>Messages per hour since the send started</h3>"
        body += legend([("s1", "sent"), ("s2", "failed, deferred or unknown")])
        body += SVGChart.bars(
            delivery.byHour.map {
                SVGChart.Point(label: "\($0.hour)h", value: Double($0.sent), second: Double($0.notSent))
            }, title: "Messages per hour since the send started")
        body += "</div></div>"
        body += "<h3>Recipient domains</h3>"
        body += table(
            ["domain", "messages", "sent", "failed", "bounced later", "failure rate"],
            delivery.domains.map {
                [
                    $0.domain, "\($0.messages)", "\($0.sent)", "\($0.failed)", "\($0.bouncedLater)",
                    percent($0.failureRate),
                ]
            }, numeric: [1, 2, 3, 4, 5])
        body += "</section>"

        body += "<section><h2>Reading</h2>"
        body +=
            "<p>\(reading.clicks) clicks (visits carrying utm_campaign=\(e(reading.campaign))), "
            + "\(per(reading.clicksPerThousandDelivered)) per 1,000 delivered; \(reading.otherPagesClicks) of them "
            + "to other pages than the articles.</p>"
        body += "<div class=\"grid\"><div><h3>Clicks per article</h3>"
        body += SVGChart.horizontalBars(
            reading.articles.map {
                SVGChart.Point(label: $0.title.isEmpty ? $0.url : $0.title, value: Double($0.clicks))
            },
            title: "Clicks per article")
        body += "</div><div><h3>Clicks by day since sending</h3>"
        body += SVGChart.bars(
            reading.byDay.map { SVGChart.Point(label: dayLabel($0), value: Double($0.clicks)) },
            title: "Clicks by day since sending")
        if reading.laterClicks > 0 { body += "<p>\(reading.laterClicks) clicks on later days.</p>" }
        body += "</div></div>"
        body += table(
            ["article", "section", "clicks", "visitors"],
            reading.articles.map {
                [
                    "<a href=\"\(e($0.url))\">\(e($0.title.isEmpty ? $0.url : $0.title))</a>", e($0.section),
                    "\($0.clicks)",
                    "\($0.visitors)",
                ]
            }, numeric: [2, 3], escaped: true)
        body += "<h3>Sections</h3>"
        body += table(
            ["section", "articles", "clicks", "visitors", "per 1,000 delivered"],
            reading.sections.map {
                [$0.label, "\($0.articles)", "\($0.clicks)", "\($0.visitors)", per($0.clicksPerThousandDelivered)]
            }, numeric: [1, 2, 3, 4])
        body += "</section>"

        body += "<section><h2>Audience</h2><p class=\"meta\">From \(e(audience.from)) until \(e(audience.until)).</p>"
        body += "<div class=\"grid\"><div>"
        let ways = audience.unsubscribed
        body += table(
            ["change", "subscribers"],
            [
                ["joined", "\(audience.joined)"], ["confirmed", "\(audience.confirmed)"],
                ["unsubscribed, one-click", "\(ways.oneClick)"], ["unsubscribed, preferences", "\(ways.preferences)"],
                ["unsubscribed, mail", "\(ways.mail)"], ["unsubscribed, CLI", "\(ways.cli)"],
                ["unsubscribed, other", "\(ways.other)"], ["bounced", "\(audience.bounced)"],
                ["complained", "\(audience.complained)"], ["net change", signed(audience.netChange)],
            ], numeric: [1])
        body += "</div><div><h3>Unsubscribe reasons</h3>"
        body +=
            audience.reasons.isEmpty
            ? "<p>No reason given.</p>"
            : table(["reason", "times"], audience.reasons.map { [$0.reason, "\($0.count)"] }, numeric: [1])
        body += "</div></div></section>"
        body += footer
        return page(title: "Issue #\(issue.number), \(issue.week): report", body: body)
    }

    /// The page for `--weeks N`.
    public static func render(_ trend: TrendReportData) -> String {
        var body = "<header><p class=\"kicker\">Trend</p><h1>The last \(trend.issues.count) issues</h1>"
        body += "<p class=\"meta\">Report made \(e(trend.generatedAt)).</p></header><section>"
        body += "<div class=\"grid\"><div><h3>Clicks per 1,000 delivered</h3>"
        body += SVGChart.line(
            trend.issues.map { SVGChart.Point(label: $0.week, value: $0.clicksPerThousandDelivered ?? 0) },
            title: "Clicks per 1,000 delivered, per issue")
        body += "</div><div><h3>Unsubscribes per 1,000 delivered</h3>"
        body += SVGChart.line(
            trend.issues.map { SVGChart.Point(label: $0.week, value: $0.unsubscribesPerThousandDelivered ?? 0) },
            title: "Unsubscribes per 1,000 delivered, per issue")
        body += "</div></div>"
        body += table(
            ["issue", "week", "sent", "clicks", "per 1,000", "unsubscribed", "per 1,000"],
            trend.issues.map {
                [
                    "#\($0.number)", $0.week, "\($0.sent)", "\($0.clicks)", per($0.clicksPerThousandDelivered),
                    "\($0.unsubscribed)", per($0.unsubscribesPerThousandDelivered),
                ]
            }, numeric: [2, 3, 4, 5, 6])
        body += "</section>" + footer
        return page(title: "Bulletin: the last \(trend.issues.count) issues", body: body)
    }

    private static let footer =
        "<footer><p>A click is a visit to the site whose link carried the issue's campaign "
        + "(utm_source=bulletin, utm_campaign=week), counted from the site's own access logs or analytics "
        + "exports. It cannot see readers who read and never click, and it counts clicks from forwarded copies; "
        + "privacy tools that strip utm tags hide theirs. No tracking pixel is used.</p></footer>"

    private static let style = """
        :root{color-scheme:light;--ink:#1d2430;--muted:#5b6472;--line:#d9dee6;--s1:#2f6fb3;--s2:#d0743c;\
        --bg:#f6f7f9}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);\
        background:var(--bg)}
        main{max-width:1160px;margin:0 auto;padding:16px}
        header h1{font-size:1.5rem;margin:.2rem 0}
        .kicker{margin:0;color:var(--muted);font-weight:600;text-transform:uppercase;font-size:.8rem;\
        letter-spacing:.05em}
        .meta{color:var(--muted);font-size:.9rem}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:16px 0}
        h2{font-size:1.25rem;margin:.2rem 0 .6rem}
        h3{font-size:1rem;margin:.8rem 0 .4rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;background:none;\
        border:0;padding:0}
        .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        .card b{display:block;font-size:1.6rem}
        .card span{color:var(--muted);font-size:.85rem}
        .grid{display:grid;grid-template-columns:1fr;gap:16px}
        @media (min-width:800px){.grid{grid-template-columns:1fr 1fr}}
        .chart{display:block;max-width:560px;height:auto}
        .chart .s1{fill:var(--s1)}.chart .s2{fill:var(--s2)}
        .chart .grid{stroke:var(--line);stroke-width:1}.chart .axis{stroke:var(--muted);stroke-width:1}
        .chart text{font-size:13px;fill:var(--ink)}.chart .yl,.chart .xl{fill:var(--muted);font-size:12px}
        .chart .hv{font-weight:600}
        .chart .ln{fill:none;stroke:var(--s1);stroke-width:2}.chart .dot{fill:var(--s1)}
        .legend{font-size:.85rem;color:var(--muted);margin:0 0 4px}
        .legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
        .legend .s1{background:var(--s1)}.legend .s2{background:var(--s2)}
        .table{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        a{color:var(--s1)}
        footer{color:var(--muted);font-size:.85rem;padding:0 4px}
        @media print{
        body{background:#fff;font-size:10.5pt}
        main{max-width:none;padding:0}
        section{border:0;padding:0;margin:10pt 0;break-inside:avoid}
        .grid{grid-template-columns:1fr 1fr}
        .card{border-color:#999}
        a{color:inherit;text-decoration:none}
        .chart{max-width:100%}
        .chart .s1,.legend .s1{fill:#333;background:#333}.chart .s2,.legend .s2{fill:#999;background:#999}
        }
        """

    private static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body><main>
        \(body)
        </main></body>
        </html>

        """
    }

    private static func card(_ label: String, _ value: String, _ note: String) -> String {
        "<div class=\"card\"><span>\(e(label))</span><b>\(e(value))</b><span>\(e(note))</span></div>"
    }

    private static func legend(_ items: [(String, String)]) -> String {
        "<p class=\"legend\">" + items.map { "<i class=\"\($0.0)\"></i>\(e($0.1))" }.joined() + "</p>"
    }

    private static func table(
        _ header: [String], _ rows: [[String]], numeric: Set<Int>, escaped: Bool = false
    ) -> String {
        var html = "<div class=\"table\"><table><thead><tr>"
        for (index, name) in header.enumerated() {
            html += "<th\(numeric.contains(index) ? " class=\"n\"" : "")>\(e(name))</th>"
        }
        html += "</tr></thead><tbody>"
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(header.count)\">None.</td></tr>"
        }
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += "<td\(numeric.contains(index) ? " class=\"n\"" : "")>\(escaped ? cell : e(cell))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    private static func dayLabel(_ day: IssueReportData.Reading.Day) -> String {
        "\(day.day.suffix(5))"
    }

    static func per(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "–"
    }

    static func percent(_ rate: Double) -> String {
        String(format: "%.1f%%", rate * 100)
    }

    static func signed(_ value: Int) -> String {
        value > 0 ? "+\(value)" : "\(value)"
    }

    private static func e(_ text: String) -> String { SVGChart.escape(text) }
}
