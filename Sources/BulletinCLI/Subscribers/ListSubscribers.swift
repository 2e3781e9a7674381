import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers list`.
struct ListSubscribers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List subscribers.",
        discussion: """
            Ordered by address. On a terminal the output is an aligned table; when piped, one subscriber per \
            line with tab-separated fields (email, name, status, topics, created); with --json, an array of \
            objects.
            """
    )

    @Option(help: ArgumentHelp("Only subscribers with this status.", valueName: "status"))
    var status: SubscriberStatus?

    @Option(
        help: ArgumentHelp(
            "Only addresses or names containing this text, in any case; a domain may be written in Unicode (bücher.de).",
            valueName: "text"))
    var search: String?

    @Option(help: ArgumentHelp("At most this many.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    /// How many rows the column widths are measured on.
    static let measuredRows = 1000

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more.") }
    }

    func run() async throws {
        _ = global.makeLogger()
        let store = try SubscriberDirectory(environment: try global.environment())
        let filter = SubscriberFilter(status: status, search: search, limit: limit)
        let out = Terminal.standardOutput

        if json {
            let encoder = JSONOutput.encoder(pretty: false)
            var first = true
            out.write("[")
            try store.forEach(filter) { subscriber in
                out.write(first ? "\n" : ",\n")
                first = false
                out.write(String(decoding: try encoder.encode(SubscriberJSON(subscriber)), as: UTF8.self))
            }
            out.write(first ? "]\n" : "\n]\n")
            return
        }

        func fields(_ subscriber: Subscriber) -> [String] {
            [
                subscriber.email, subscriber.name, subscriber.status.rawValue,
                subscriber.topics.joined(separator: ","), String(Timestamp.format(subscriber.createdAt).prefix(10)),
            ]
        }
        guard Terminal.outputIsTerminal else {
            try store.forEach(filter) { out.line(fields($0).joined(separator: "\t")) }
            return
        }
        // A person is reading: align the columns. Widths come from the first rows, so that a list of a million
        // is printed as it is read instead of being held in memory first.
        var table = TextTable(["EMAIL", "NAME", "STATUS", "TOPICS", "CREATED"])
        var shown = 0
        var widths: [Int]?
        try store.forEach(filter) {
            shown += 1
            if let widths {
                out.line(TextTable.line(fields($0), widths: widths))
                return
            }
            table.append(fields($0))
            if table.rows.count == Self.measuredRows {
                widths = table.widths
                for line in table.render() { out.line(line) }
            }
        }
        if widths == nil { for line in table.render() { out.line(line) } }
        let total = try store.count(filter)
        out.line(shown == total ? total.counted("subscriber") : "\(shown.grouped) of \(total.counted("subscriber"))")
    }
}
