import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers stats`.
struct SubscriberStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how many subscribers there are, by status, and how the list changed lately."
    )

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let stats = try SubscriberDirectory(environment: try global.environment()).stats()
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(stats))
            return
        }
        var rows: [[String]] = [["Subscribers", stats.total.grouped]]
        for status in SubscriberStatus.allCases {
            rows.append(["  \(status.rawValue)", (stats.byStatus[status.rawValue] ?? 0).grouped])
        }
        rows += [
            ["Added in the last 7 days", stats.addedLast7Days.grouped],
            ["Added in the last 30 days", stats.addedLast30Days.grouped],
            ["Unsubscribed in the last 30 days", stats.unsubscribedLast30Days.grouped],
            ["Removed (erased) addresses", stats.removed.grouped],
        ]
        let width = rows.map { $0[0].count }.max() ?? 0
        let numberWidth = rows.map { $0[1].count }.max() ?? 0
        for row in rows {
            out.line(
                row[0].padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + String(repeating: " ", count: numberWidth - row[1].count) + row[1])
        }
        if let topics = stats.topics {
            out.line()
            out.line("Readers per topic (active subscribers)")
            var table = TextTable(["TOPIC", "LABEL", "READERS", ""])
            for topic in topics {
                table.append([
                    topic.topic, topic.label, topic.readers.grouped, topic.configured ? "" : "not in [topics]",
                ])
            }
            for line in table.render().dropFirst() {
                var line = "  " + line
                while line.hasSuffix(" ") { line.removeLast() }
                out.line(line)
            }
        } else if !stats.topTopics.isEmpty {
            out.line()
            out.line("Top topics (active subscribers)")
            var table = TextTable(["TOPIC", "SUBSCRIBERS"])
            for topic in stats.topTopics { table.append([topic.topic, topic.subscribers.grouped]) }
            for line in table.render().dropFirst() { out.line("  " + line) }
        }
    }
}
