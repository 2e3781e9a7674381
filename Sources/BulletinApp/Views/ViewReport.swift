import BulletinCore
import BulletinStore
import Foundation

/// What `bulletin views stats` shows: the views of a week or of all time, the most read pages, and the imports
/// they came from.
public struct ViewReport: Sendable {
    /// Views, visitors, pages and days, with the most read pages.
    public var totals: PageViewTotals
    /// The logs and exports imported, newest first.
    public var sources: [ViewSource]

    /// The report for `week` (all time when nil) from `store`.
    public init(store: SQLitePageViewStore, week: ISOWeek?) throws {
        totals = try store.totals(
            from: week.map { CivilDay.format($0.firstDay) }, through: week.map { CivilDay.format($0.lastDay) })
        sources = try store.sources()
    }

    /// The report for `week` (all time when nil) from the environment's database.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(environment: AppEnvironment, week: ISOWeek?) throws {
        try self.init(store: SQLitePageViewStore(database: try environment.openDatabaseToRead()), week: week)
    }
}
