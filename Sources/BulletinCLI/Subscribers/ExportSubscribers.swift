import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers export`.
struct ExportSubscribers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export subscribers as CSV or JSON.",
        discussion: """
            CSV is the format `import` reads, so an export imported again changes nothing: the columns email, \
            name, status, topics, created_at, confirmed_at, unsubscribed_at and source, then one column per \
            attribute. JSON is an array of objects with the same fields.

            With --output the file appears only once it is complete, and one line on standard output says how \
            many subscribers it holds.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Option(help: ArgumentHelp("Only subscribers with this status.", valueName: "status"))
    var status: SubscriberStatus?

    @Option(help: "csv or json.")
    var format: Format = .csv

    @Option(
        name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let environment = try global.environment()
        let configuration = environment.configuration
        let store = try SubscriberDirectory(environment: environment)
        let filter = SubscriberFilter(status: status)
        let file = try output.map { try AtomicFileOutput(path: $0, mode: configuration.store.fileMode) }
        let out = file?.output ?? Terminal.standardOutput
        var count = 0

        switch format {
        case .csv:
            count = try store.exportCSV(filter) { out.write($0) }
        case .json:
            let encoder = JSONOutput.encoder(pretty: false)
            var first = true
            out.write("[")
            try store.forEach(filter) { subscriber in
                out.write(first ? "\n" : ",\n")
                first = false
                count += 1
                out.write(String(decoding: try encoder.encode(SubscriberJSON(subscriber)), as: UTF8.self))
            }
            out.write(first ? "]\n" : "\n]\n")
        }
        if let file, let output {
            try file.commit()
            Terminal.standardOutput.line("Exported \(count.counted("subscriber")) to \(output).")
        } else {
            out.flush()
        }
    }
}
