import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation
import Logging

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

            Invalid rows (a bad address, the wrong number of fields, an unknown status) are reported with their \
            line numbers and the valid rows are imported; the exit status is then 65. The import is one \
            transaction: if it is interrupted, the database is left exactly as it was.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String

    @Flag(help: "New subscribers start as pending instead of active.")
    var pending = false

    @Flag(help: "Make unsubscribed, bounced, complained and removed addresses active again.")
    var resubscribe = false

    @Flag(name: .customLong("dry-run"), help: "Report what would change, and change nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    /// How many problems of each kind are shown one line each before only a count is given.
    static let reportLimit = 20

    func run() async throws {
        let logger = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let reader = try CSVReader(path: file)
        let displayName = reader.name
        let origin = "import:" + (file == "-" ? "stdin" : (file as NSString).lastPathComponent)
        let options = ImportOptions(pending: pending, resubscribe: resubscribe, dryRun: dryRun, source: origin)

        var reports = ImportReports(logger: logger, limit: Self.reportLimit)
        let source = try SubscriberCSVSource(reader: reader, name: displayName)
        if source.separator != UInt8(ascii: ",") {
            let kind = source.separator == UInt8(ascii: ";") ? "semicolons" : "tabs"
            logger.notice("\(displayName): the columns are separated by \(kind), and read so")
        }
        let summary = try store.importSubscribers(options: options, at: try global.now()) { importer in
            var summary = ImportSummary()
            let rows = source.rows()
            defer { rows.cancel() }
            // Each row is handled where it is matched: the parsed record is lent, never copied.
            try rows.forEach { row in
                switch row {
                case .invalid(let invalid):
                    summary.invalid += 1
                    reports.invalid(invalid.description)
                case .record(let prepared):
                    if let earlier = importer.earlierLine(for: prepared) {
                        summary.duplicates += 1
                        reports.warn(
                            "line \(prepared.line): \(prepared.email) is also on line \(earlier); "
                                + "the last row wins")
                    }
                    let outcome = try importer.apply(prepared)
                    summary.count(outcome)
                    switch outcome {
                    case .skippedRemoved:
                        reports.skip(
                            "line \(prepared.line): \(prepared.email) was removed; not added back "
                                + "(use --resubscribe)")
                    case .skippedSuppressed(let status):
                        reports.skip(
                            "line \(prepared.line): \(prepared.email) is \(status.rawValue); "
                                + "not reactivated (use --resubscribe)")
                    default:
                        break
                    }
                }
            }
            return summary
        }
        reports.finish()

        let total = summary.added + summary.updated + summary.unchanged + summary.skipped + summary.invalid
        let verb = dryRun ? "Dry run of \(displayName) (nothing was written)" : "Imported \(displayName)"
        Terminal.standardOutput.line(
            "\(verb): \(summary.added.grouped) added, \(summary.updated.grouped) updated, "
                + "\(summary.unchanged.grouped) unchanged, \(summary.skipped.grouped) skipped, "
                + "\(summary.invalid.grouped) invalid (\(total.counted("row"))).")
        if summary.invalid > 0 { throw ExitCode(ExitStatus.dataError.rawValue) }
    }
}

/// The per-row lines an import prints: the first few of each kind, then a count.
struct ImportReports {
    let logger: Logger
    let limit: Int
    private var invalidCount = 0
    private var warningCount = 0
    private var skippedCount = 0

    init(logger: Logger, limit: Int) {
        self.logger = logger
        self.limit = limit
    }

    mutating func invalid(_ line: String) {
        invalidCount += 1
        if invalidCount <= limit { logger.error("\(line)") }
    }

    mutating func warn(_ line: String) {
        warningCount += 1
        if warningCount <= limit { logger.warning("\(line)") }
    }

    mutating func skip(_ line: String) {
        skippedCount += 1
        if skippedCount <= limit { logger.notice("\(line)") }
    }

    func finish() {
        if invalidCount > limit { logger.error("… and \((invalidCount - limit).grouped) more invalid rows") }
        if warningCount > limit { logger.warning("… and \((warningCount - limit).grouped) more repeated addresses") }
        if skippedCount > limit { logger.notice("… and \((skippedCount - limit).grouped) more skipped rows") }
    }
}
