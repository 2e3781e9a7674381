import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin subscribers import`.
struct ImportSubscribers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import subscribers from a CSV file.",
        discussion: """
            Reads a CSV file (RFC 4180: commas, optional quotes, CRLF or LF, UTF-8 with or without a byte-order \
            mark), or standard input when FILE is -. The first row names the columns: `email` is required; \
            `name`, `status`, `topics` (separated by ;), `created_at`, `confirmed_at`, `unsubscribed_at` and \
            `source` are optional; every other column becomes an attribute. This is the format `export` writes.

            A new address is added (active, or pending with --pending, unless its row has a status). An existing \
            address gets the row's name, topics, attributes and status; a blank cell keeps what is stored. An \
            unsubscribed, bounced or complained subscriber is never made active again, and an address erased \
            with `remove` never comes back, unless --resubscribe is given: such rows are skipped and counted. \
            When an address appears twice, the last row wins.

            Exports of other tools are read as those tools write them, recognized from their header (a line on \
            standard error names the format: "read as a Mailchimp unsubscribed export"): Mailchimp's subscribed, \
            unsubscribed and cleaned files, listmonk's export, Substack's email list and Buttondown's export. \
            Their unsubscribed, cleaned, blocklisted or removed people import as unsubscribed or bounced, never \
            active, with the tool's time and reason in the history. --from names the tool, and a header that is \
            not that tool's is an error (exit 65).

            Invalid rows (a bad address, the wrong number of fields, an unknown status) are reported with their \
            line numbers and the valid rows are imported; the exit status is then 65. The import is one \
            transaction: if it is interrupted, the database is left exactly as it was.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Read the file as this tool's export, whatever its header.", valueName: "tool"))
    var from: SubscriberExportTool?

    @Flag(help: "New subscribers start as pending instead of active.")
    var pending = false

    @Flag(help: "Make unsubscribed, bounced, complained and removed addresses active again.")
    var resubscribe = false

    @Flag(name: .customLong("dry-run"), help: "Report what would change, and change nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let importer = try SubscriberImport(environment: try global.environment(logger: logger))
        let result = try importer.run(
            path: file, from: from, pending: pending, resubscribe: resubscribe, dryRun: dryRun)
        let summary = result.summary
        let verb = dryRun ? "Dry run of \(result.name) (nothing was written)" : "Imported \(result.name)"
        Terminal.standardOutput.line(
            "\(verb): \(summary.added.grouped) added, \(summary.updated.grouped) updated, "
                + "\(summary.unchanged.grouped) unchanged, \(summary.skipped.grouped) skipped, "
                + "\(summary.invalid.grouped) invalid (\(result.total.counted("row"))).")
        if summary.invalid > 0 { throw ExitCode(ExitStatus.dataError.rawValue) }
    }
}

extension SubscriberExportTool: ExpressibleByArgument {
    /// Reads `mailchimp`, `listmonk`, `substack` or `buttondown`, in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
