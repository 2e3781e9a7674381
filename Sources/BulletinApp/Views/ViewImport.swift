import BulletinCore
import BulletinStore
import Foundation

/// Imports page views from an access log or an analytics export into the views table: the work of
/// `bulletin views import`, apart from the command line.
///
/// Importing the same data twice doubles nothing: a log is recognized by its first line and importing it again
/// replaces what it contributed before.
public struct ViewImport {
    /// What the input is.
    public enum Format: String, Sendable, CaseIterable {
        /// An Apache or nginx access log, combined or common.
        case combined
        /// An analytics export (plain, GA4, Plausible, Matomo).
        case csv
    }

    /// What an import did.
    public struct Result: Sendable {
        /// What was read and counted, and the first unreadable lines.
        public var outcome: ViewImporter.Outcome
        /// Whether the input was imported before, and its earlier import replaced.
        public var replaced: Bool
    }

    /// The views.
    public let store: SQLitePageViewStore
    /// When the import happens.
    public let now: Date
    /// The zone whose days views are counted in.
    public let timeZone: TimeZone

    /// An import into `store` at `now`, counting days in `timeZone`.
    public init(store: SQLitePageViewStore, now: Date, timeZone: TimeZone) {
        self.store = store
        self.now = now
        self.timeZone = timeZone
    }

    /// An import into the environment's database, at its current time, in `[digest] time_zone`.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(environment: AppEnvironment) throws {
        self.init(
            store: SQLitePageViewStore(database: try environment.openDatabase()), now: environment.now(),
            timeZone: environment.configuration.digest.timeZone)
    }

    /// Imports the file at `path` (`-` for standard input), named `name` in messages and in the list of sources.
    ///
    /// - Parameters:
    ///   - site: rows of an export for another host are skipped.
    ///   - period: for an export without a date column, the days it covers; with one, the days kept.
    /// - Throws: ``ViewsImportError`` when no line can be read (nothing is written); ``InputFileError``; store
    ///   errors.
    public func run(
        path: String, name: String, format: Format, site: URL?, period: ClosedRange<Int64>?
    ) throws -> Result {
        let importer = ViewImporter(timeZone: timeZone, site: site, name: name)
        let (outcome, replaced) = try store.importViews(name: name, format: format.rawValue, at: now) { writer in
            let outcome =
                format == .combined
                ? try importer.importLog(path: path, writer: writer)
                : try importer.importCSV(path: path, period: period, writer: writer)
            return (outcome, outcome.counts.lines, outcome.bytes)
        }
        return Result(outcome: outcome, replaced: replaced)
    }
}
