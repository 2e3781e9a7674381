import BulletinCore
import BulletinStore
import Foundation
import Logging

/// Imports subscribers from a CSV file: the work of `bulletin subscribers import`, apart from the command line.
///
/// The import is one transaction: it is written whole or not at all. Invalid rows are reported with their line
/// numbers and the valid rows imported; repeated addresses and skipped rows are reported too, each kind one line
/// at a time up to ``reportLimit``, then as a count.
public struct SubscriberImport {
    /// How many problems of each kind are reported one line each before only a count is given.
    public static let reportLimit = 20

    /// The subscribers.
    public let store: SQLiteSubscriberStore
    /// When the import happens.
    public let now: Date
    /// Where the problems are reported as they are met.
    public let logger: Logger

    /// The names in `[topics]`: a row's topic not among them is kept, and named once in a warning. Empty when
    /// `[topics]` is not configured (no topic is then unknown).
    public let knownTopics: [String]

    /// An import into `store` at `now`.
    public init(store: SQLiteSubscriberStore, now: Date, logger: Logger, knownTopics: [String] = []) {
        self.store = store
        self.now = now
        self.logger = logger
        self.knownTopics = knownTopics
    }

    /// An import into the environment's subscriber store, at its current time, reporting to its logger, checking
    /// topics against its `[topics]`.
    ///
    /// - Throws: see ``AppEnvironment/subscriberStore(on:)``.
    public init(environment: AppEnvironment) throws {
        self.init(
            store: try environment.subscriberStore(), now: environment.now(), logger: environment.logger,
            knownTopics: environment.configuration.topics.map(\.name))
    }

    /// What an import did.
    public struct Result: Sendable, Equatable {
        /// The input's name for messages (`members.csv`, `standard input`).
        public var name: String
        /// Rows added, updated, unchanged, skipped, invalid and repeated.
        public var summary: ImportSummary
        /// The first ``SubscriberImport/reportLimit`` invalid rows, one sentence each with its line.
        public var invalidRows: [String]
        /// The first repeated addresses, one sentence each.
        public var repeatedAddresses: [String]
        /// The first skipped rows, one sentence each.
        public var skippedRows: [String]
        /// What the file was read as when another tool wrote it ("a Mailchimp unsubscribed export").
        public var readAs: String? = nil
        /// The topics of the rows that `[topics]` does not name, in the order first met.
        public var unknownTopics: [String] = []

        /// Every row read.
        public var total: Int {
            summary.added + summary.updated + summary.unchanged + summary.skipped + summary.invalid
        }
    }

    /// Imports the CSV file at `path` (`-` for standard input).
    ///
    /// - Parameters:
    ///   - tool: the tool whose export the file is (`--from`); nil to recognize it from the header.
    ///   - pending: new subscribers start as pending instead of active.
    ///   - resubscribe: make unsubscribed, bounced, complained and removed addresses active again.
    ///   - dryRun: work out what would change, and change nothing.
    /// - Throws: ``InputFileError``, ``SubscriberCSVSourceError`` for a file that cannot be read as a subscriber
    ///   list, ``ForeignExportError`` for a header that does not fit `tool`; store errors, after which nothing was
    ///   written.
    public func run(
        path: String, from tool: SubscriberExportTool? = nil, pending: Bool, resubscribe: Bool, dryRun: Bool
    ) throws -> Result {
        let reader = try CSVReader(path: path)
        let displayName = reader.name
        let origin = "import:" + (path == "-" ? "stdin" : (path as NSString).lastPathComponent)
        let options = ImportOptions(pending: pending, resubscribe: resubscribe, dryRun: dryRun, source: origin)

        var reports = Reports(logger: logger, limit: Self.reportLimit)
        let source = try SubscriberCSVSource(reader: reader, name: displayName, from: tool)
        let readAs = source.format.foreign?.description
        if let readAs { logger.notice("\(displayName): read as \(readAs)") }
        // The rows' distinct topic lists, as stored: most rows share a few, so this costs a set lookup per row.
        var topicLists = Set<String>()
        let checksTopics = !knownTopics.isEmpty
        if source.separator != UInt8(ascii: ",") {
            let kind = source.separator == UInt8(ascii: ";") ? "semicolons" : "tabs"
            logger.notice("\(displayName): the columns are separated by \(kind), and read so")
        }
        let summary = try store.importSubscribers(options: options, at: now) { importer in
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
                    if let foreign = source.format.foreign, let reason = foreign.skipReason(prepared) {
                        summary.skipped += 1
                        reports.skip("line \(prepared.line): \(prepared.email) \(reason)")
                        return
                    }
                    if let earlier = importer.earlierLine(for: prepared) {
                        summary.duplicates += 1
                        reports.warn(
                            "line \(prepared.line): \(prepared.email) is also on line \(earlier); "
                                + "the last row wins")
                    }
                    if checksTopics, let topics = prepared.encodedTopics { topicLists.insert(topics) }
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
        var unknown: [String] = []
        for list in topicLists.sorted() {
            for topic in CompactJSON.decodeList(list) ?? []
            where !knownTopics.contains(topic) && !unknown.contains(topic) {
                unknown.append(topic)
            }
        }
        for topic in unknown {
            logger.warning("topic '\(topic)' is not in [topics]; kept (readers with it get no section for it)")
        }
        return Result(
            name: displayName, summary: summary, invalidRows: reports.invalidLines,
            repeatedAddresses: reports.warningLines, skippedRows: reports.skippedLines, readAs: readAs,
            unknownTopics: unknown)
    }

    /// The per-row lines an import logs: the first few of each kind, then a count.
    private struct Reports {
        let logger: Logger
        let limit: Int
        private(set) var invalidLines: [String] = []
        private(set) var warningLines: [String] = []
        private(set) var skippedLines: [String] = []
        private var invalidCount = 0
        private var warningCount = 0
        private var skippedCount = 0

        init(logger: Logger, limit: Int) {
            self.logger = logger
            self.limit = limit
        }

        mutating func invalid(_ line: String) {
            invalidCount += 1
            guard invalidCount <= limit else { return }
            invalidLines.append(line)
            logger.error("\(line)")
        }

        mutating func warn(_ line: String) {
            warningCount += 1
            guard warningCount <= limit else { return }
            warningLines.append(line)
            logger.warning("\(line)")
        }

        mutating func skip(_ line: String) {
            skippedCount += 1
            guard skippedCount <= limit else { return }
            skippedLines.append(line)
            logger.notice("\(line)")
        }

        func finish() {
            if invalidCount > limit { logger.error("… and \((invalidCount - limit).grouped) more invalid rows") }
            if warningCount > limit {
                logger.warning("… and \((warningCount - limit).grouped) more repeated addresses")
            }
            if skippedCount > limit { logger.notice("… and \((skippedCount - limit).grouped) more skipped rows") }
        }
    }
}
