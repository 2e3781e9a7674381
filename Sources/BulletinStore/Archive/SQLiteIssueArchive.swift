import BulletinCore
import Foundation

/// One issue as frozen by `bulletin send` in the `issues` table (migration 4).
public struct ArchivedIssue: Sendable, Equatable {
    /// The ISO week it is named after, like `2026-W47`.
    public var week: String
    /// The issue's number.
    public var number: Int
    /// The subject line.
    public var subject: String
    /// When `send` froze it.
    public var createdAt: Date
    /// When its delivery finished; nil while it is still being sent.
    public var completedAt: Date?
    /// The rendered HTML part, with personal-slot markers (``PersonalSlot/marker(_:)``); empty in a listing.
    public var htmlPart: String

    /// Creates an issue value.
    public init(
        week: String, number: Int, subject: String, createdAt: Date, completedAt: Date?, htmlPart: String = ""
    ) {
        self.week = week
        self.number = number
        self.subject = subject
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.htmlPart = htmlPart
    }
}

/// Reads the sent issues for the web archive. It only reads: `bulletin send` writes the table.
public final class SQLiteIssueArchive {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    /// Every issue, newest week first, without its parts.
    public func issues() throws -> [ArchivedIssue] {
        try database.query(
            "SELECT week, number, subject, created_at, completed_at FROM issues ORDER BY week DESC"
        ) { row in
            ArchivedIssue(
                week: try row.string(0), number: Int(row.int64(1)), subject: try row.string(2),
                createdAt: UnixTime.date(row.int64(3)),
                completedAt: row.optionalInt64(4).map(UnixTime.date))
        }
    }

    /// One week's issue with its HTML part, if there is one.
    public func issue(week: String) throws -> ArchivedIssue? {
        try database.query(
            "SELECT week, number, subject, created_at, completed_at, html_part FROM issues WHERE week = ?1",
            [.text(week)]
        ) { row in
            ArchivedIssue(
                week: try row.string(0), number: Int(row.int64(1)), subject: try row.string(2),
                createdAt: UnixTime.date(row.int64(3)),
                completedAt: row.optionalInt64(4).map(UnixTime.date), htmlPart: try row.string(5))
        }.first
    }
}
