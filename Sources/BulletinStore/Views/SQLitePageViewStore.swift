import BulletinCore
import Foundation

/// Page views per path and day, and the logs and exports they came from, in the SQLite database.
///
/// Each import is a ``ViewSource`` recognized by a fingerprint of its first line(s). Importing a source again
/// replaces everything it contributed before, so importing a file twice doubles nothing, and a log that has
/// grown since is counted whole, once.
public final class SQLitePageViewStore {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    /// Runs an import in one transaction: `body` starts the source with ``PageViewWriter/begin(fingerprint:)``
    /// once it knows the first line (which removes what an earlier import of the same source contributed) and
    /// adds rows through the writer; the source's size is then recorded. Nothing is written if `body` throws.
    ///
    /// - Returns: what `body` returns, and whether an earlier import of the same source was replaced.
    public func importViews<T>(
        name: String, format: String, at now: Date,
        _ body: (PageViewWriter) throws -> (result: T, lines: Int, bytes: Int)
    ) throws -> (result: T, replaced: Bool) {
        try database.transaction {
            let writer = try PageViewWriter(database: database, name: name, format: format, at: UnixTime.seconds(now))
            let outcome = try body(writer)
            try writer.finish(lines: outcome.lines, bytes: outcome.bytes)
            return (outcome.result, writer.replaced)
        }
    }

    /// Totals over the days `from...through` (`YYYY-MM-DD`; nil for all time).
    public func totals(from: String?, through: String?) throws -> PageViewTotals {
        let (low, high) = (from ?? "0000-00-00", through ?? "9999-99-99")
        let row = try database.query(
            """
            SELECT COALESCE(SUM(views), 0), COALESCE(SUM(visitors), 0), COUNT(DISTINCT path), COUNT(DISTINCT day),
                   MIN(day), MAX(day)
            FROM page_views WHERE day BETWEEN ?1 AND ?2
            """, [.text(low), .text(high)]
        ) {
            PageViewTotals(
                views: Int($0.int64(0)), visitors: Int($0.int64(1)), pages: Int($0.int64(2)), days: Int($0.int64(3)),
                firstDay: $0.optionalString(4), lastDay: $0.optionalString(5), top: [])
        }.first
        var totals =
            row ?? PageViewTotals(views: 0, visitors: 0, pages: 0, days: 0, firstDay: nil, lastDay: nil, top: [])
        totals.top = try database.query(
            """
            SELECT v.path, SUM(v.views) AS views, SUM(v.visitors) AS visitors,
                   (SELECT title FROM articles a WHERE a.path = v.path ORDER BY published_at DESC LIMIT 1)
            FROM page_views v WHERE v.day BETWEEN ?1 AND ?2
            GROUP BY v.path ORDER BY visitors DESC, views DESC, v.path LIMIT 10
            """, [.text(low), .text(high)]
        ) {
            PageViewTotals.Page(
                path: try $0.string(0), views: Int($0.int64(1)), visitors: Int($0.int64(2)), title: $0.optionalString(3)
            )
        }
        return totals
    }

    /// Every imported source, most recent first.
    public func sources() throws -> [ViewSource] {
        try database.query(
            "SELECT name, format, lines, bytes, imported_at FROM view_sources ORDER BY imported_at DESC, id DESC"
        ) {
            ViewSource(
                name: try $0.string(0), format: try $0.string(1), lines: Int($0.int64(2)), bytes: Int($0.int64(3)),
                imported: Date(timeIntervalSince1970: TimeInterval($0.int64(4))))
        }
    }

}
