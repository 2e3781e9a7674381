import BulletinCore

/// Adds page-view rows for one source during an import (see ``SQLitePageViewStore/importViews(name:format:at:_:)``).
public final class PageViewWriter {
    let database: Database
    private let statement: Statement
    private let campaignStatement: Statement
    private let name: String
    private let format: String
    private let now: Int64
    /// The source's row, once ``begin(fingerprint:)`` has run.
    public private(set) var sourceID: Int64?
    /// Whether ``begin(fingerprint:)`` found an earlier import of the same source and removed its rows.
    public private(set) var replaced = false
    /// Whether ``resume(fingerprint:)`` continued an earlier import (its size is then added to, not replaced).
    public private(set) var resumed = false
    /// Rows written so far.
    public private(set) var rows = 0

    init(database: Database, name: String, format: String, at now: Int64) throws {
        self.database = database
        self.name = name
        self.format = format
        self.now = now
        // A day flushed early and seen again later (a line out of order) adds to its row.
        statement = try database.prepare(
            """
            INSERT INTO page_views (source_id, path, day, views, visitors) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (source_id, path, day) DO UPDATE SET
                views = views + excluded.views, visitors = visitors + excluded.visitors
            """)
        campaignStatement = try database.prepare(
            """
            INSERT INTO campaign_views (source_id, campaign, path, day, visits, visitors)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (source_id, campaign, path, day) DO UPDATE SET
                visits = visits + excluded.visits, visitors = visitors + excluded.visitors
            """)
    }

    /// Starts the source recognized by `fingerprint`: an earlier import of it is emptied and reused.
    public func begin(fingerprint: [UInt8]) throws {
        let existing = try database.query(
            "SELECT id FROM view_sources WHERE fingerprint = ?1", [.blob(fingerprint)]
        ) { $0.int64(0) }.first
        if let existing {
            try database.run("DELETE FROM page_views WHERE source_id = ?1", [.integer(existing)])
            try database.run("DELETE FROM campaign_views WHERE source_id = ?1", [.integer(existing)])
            // Read whole now: how far `bulletin refresh` had read it no longer holds.
            try database.run("DELETE FROM log_reads WHERE source_id = ?1", [.integer(existing)])
            try database.run(
                "UPDATE view_sources SET name = ?2, format = ?3, imported_at = ?4 WHERE id = ?1",
                [.integer(existing), .text(name), .text(format), .integer(now)])
            sourceID = existing
            replaced = true
        } else {
            try database.run(
                "INSERT INTO view_sources (fingerprint, name, format, lines, bytes, imported_at) "
                    + "VALUES (?1, ?2, ?3, 0, 0, ?4)",
                [.blob(fingerprint), .text(name), .text(format), .integer(now)])
            sourceID = database.lastInsertRowID
        }
    }

    /// Continues the source recognized by `fingerprint`, keeping what it contributed before (the rows written
    /// now add to them); starts it when it is new.
    public func resume(fingerprint: [UInt8]) throws {
        let existing = try database.query(
            "SELECT id FROM view_sources WHERE fingerprint = ?1", [.blob(fingerprint)]
        ) { $0.int64(0) }.first
        guard let existing else { return try begin(fingerprint: fingerprint) }
        try database.run(
            "UPDATE view_sources SET imported_at = ?2 WHERE id = ?1", [.integer(existing), .integer(now)])
        sourceID = existing
        resumed = true
    }

    /// Records the size of the source read, once its rows are written; nothing when ``begin(fingerprint:)`` has
    /// not run. The writer is the one type that writes `view_sources`.
    func finish(lines: Int, bytes: Int) throws {
        guard let sourceID else { return }
        try database.run(
            resumed
                ? "UPDATE view_sources SET lines = lines + ?2, bytes = bytes + ?3 WHERE id = ?1"
                : "UPDATE view_sources SET lines = ?2, bytes = ?3 WHERE id = ?1",
            [.integer(sourceID), .integer(Int64(lines)), .integer(Int64(bytes))])
    }

    /// Writes rows.
    ///
    /// - Throws: ``SQLiteError`` (misuse) when ``begin(fingerprint:)`` has not run.
    public func write(_ batch: [DailyPageViews]) throws {
        guard let sourceID else {
            throw SQLiteError(code: 21, message: "no source begun", context: "writing page views")
        }
        for row in batch {
            try statement.bind(sourceID, at: 1)
            try statement.bind(row.path, at: 2)
            try statement.bind(CivilDay.format(row.day), at: 3)
            try statement.bind(Int64(row.views), at: 4)
            try statement.bind(Int64(row.visitors), at: 5)
            defer { statement.reset() }
            while try statement.step() {}
            rows += 1
        }
    }

    /// Writes the visits that carried an issue's campaign (they are page views too, written by
    /// ``write(_:)``).
    ///
    /// - Throws: ``SQLiteError`` (misuse) when ``begin(fingerprint:)`` has not run.
    public func write(campaigns batch: [DailyCampaignViews]) throws {
        guard !batch.isEmpty else { return }
        guard let sourceID else {
            throw SQLiteError(code: 21, message: "no source begun", context: "writing campaign visits")
        }
        for row in batch {
            try campaignStatement.bind(sourceID, at: 1)
            try campaignStatement.bind(row.campaign, at: 2)
            try campaignStatement.bind(row.path, at: 3)
            try campaignStatement.bind(CivilDay.format(row.day), at: 4)
            try campaignStatement.bind(Int64(row.visits), at: 5)
            try campaignStatement.bind(Int64(row.visitors), at: 6)
            defer { campaignStatement.reset() }
            while try campaignStatement.step() {}
        }
    }
}
