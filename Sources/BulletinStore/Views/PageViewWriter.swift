import BulletinCore

/// Adds page-view rows for one source during an import.
public final class PageViewWriter {
    private let statement: Statement
    private let sourceID: Int64
    /// Rows written so far.
    public private(set) var rows = 0

    init(database: Database, sourceID: Int64) throws {
        self.sourceID = sourceID
        // A day flushed early and seen again later (a line out of order) adds to its row.
        statement = try database.prepare(
            """
            INSERT INTO page_views (source_id, path, day, views, visitors) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (source_id, path, day) DO UPDATE SET
                views = views + excluded.views, visitors = visitors + excluded.visitors
            """)
    }

    /// Writes rows.
    public func write(_ batch: [DailyPageViews]) throws {
        for row in batch {
            statement.bind(sourceID, at: 1)
            statement.bind(row.path, at: 2)
            statement.bind(CivilDay.format(row.day), at: 3)
            statement.bind(Int64(row.views), at: 4)
            statement.bind(Int64(row.visitors), at: 5)
            defer { statement.reset() }
            while try statement.step() {}
            rows += 1
        }
    }
}
