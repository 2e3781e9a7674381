import BulletinCore
import Foundation

/// The frozen issues of `send`, in the SQLite database: the one type that writes the `issues` table.
///
/// Used from one thread at a time, like its ``Database``. ``SQLiteDeliveryLedger`` calls it for the issue's side
/// of a freeze and of a completion.
public final class SQLiteIssueStore {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    private static let columns =
        "week, number, subject, text_part, html_part, articles, created_at, audience, completed_at, halted_at, "
        + "halt_reason, sections"

    private static func issue(from row: Statement) throws -> FrozenIssue {
        var issue = FrozenIssue(
            week: try row.string(0), number: Int(row.int64(1)), subject: try row.string(2),
            textPart: try row.string(3), htmlPart: try row.string(4),
            articles: CompactJSON.decodeList(try row.string(5)) ?? [], createdAt: UnixTime.date(row.int64(6)),
            audience: Int(row.int64(7)), completedAt: row.optionalInt64(8).map(UnixTime.date))
        issue.haltedAt = row.optionalInt64(9).map(UnixTime.date)
        issue.haltReason = issue.haltedAt == nil ? nil : try row.string(10)
        issue.sections = RenderedSection.decode(row.optionalString(11))
        return issue
    }

    /// The frozen issue of `week`, if a send froze one.
    public func issue(week: String) throws -> FrozenIssue? {
        try database.query("SELECT \(Self.columns) FROM issues WHERE week = ?1", [.text(week)]) {
            try Self.issue(from: $0)
        }.first
    }

    /// The newest frozen issue's week.
    public func latestWeek() throws -> String? {
        try database.query("SELECT week FROM issues ORDER BY week DESC LIMIT 1") { try $0.string(0) }.first
    }

    /// Stores `issue` (without its audience, which ``setAudience(_:week:)`` records once the snapshot is taken).
    func insert(_ issue: FrozenIssue) throws {
        try database.run(
            """
            INSERT INTO issues (week, number, subject, text_part, html_part, articles, created_at, sections)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """,
            [
                .text(issue.week), .integer(Int64(issue.number)), .text(issue.subject), .text(issue.textPart),
                .text(issue.htmlPart), .text(CompactJSON.encode(issue.articles)),
                .integer(UnixTime.seconds(issue.createdAt)),
                issue.sections.isEmpty ? .null : .text(RenderedSection.encode(issue.sections)),
            ])
    }

    /// Records how many subscribers the audience snapshot of `week` holds.
    func setAudience(_ audience: Int, week: String) throws {
        try database.run(
            "UPDATE issues SET audience = ?2 WHERE week = ?1", [.text(week), .integer(Int64(audience))])
    }

    /// Marks `week` complete at `now`, keeping an earlier completion time.
    func markComplete(week: String, at now: Date) throws {
        try database.run(
            "UPDATE issues SET completed_at = COALESCE(completed_at, ?2) WHERE week = ?1",
            [.text(week), .integer(UnixTime.seconds(now))])
    }

    /// Marks `week` incomplete again: some of its messages are to be sent.
    func markIncomplete(week: String) throws {
        try database.run("UPDATE issues SET completed_at = NULL WHERE week = ?1", [.text(week)])
    }

    /// Marks `week` halted with `reason`: `send --if-due` leaves it alone until `send --resume`.
    public func halt(week: String, reason: String, at now: Date) throws {
        try database.run(
            "UPDATE issues SET halted_at = ?2, halt_reason = ?3 WHERE week = ?1",
            [.text(week), .integer(UnixTime.seconds(now)), .text(reason)])
    }

    /// Lifts the halt of `week` (`send --resume`); returns whether it was halted.
    @discardableResult
    public func resume(week: String) throws -> Bool {
        try database.run(
            "UPDATE issues SET halted_at = NULL, halt_reason = NULL WHERE week = ?1 AND halted_at IS NOT NULL",
            [.text(week)])
        return database.changes > 0
    }
}
