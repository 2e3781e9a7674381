import Foundation

/// What a database holds, in a few figures: for backup reports, restore checks and `bulletin doctor`.
public struct DatabaseSummary: Sendable, Equatable {
    /// `PRAGMA user_version`: the newest migration applied.
    public var schemaVersion: Int
    /// Subscribers per status.
    public var subscribers: [String: Int]
    /// Articles.
    public var articles: Int
    /// Frozen issues (those `send` started).
    public var issues: Int
    /// The file's size in bytes (without `-wal`).
    public var bytes: Int

    /// Every subscriber, whatever the status.
    public var totalSubscribers: Int { subscribers.values.reduce(0, +) }

    /// Reads the figures of an open database; a table that an older schema lacks counts 0.
    public init(of database: Database) throws {
        schemaVersion = Int(try database.query("PRAGMA user_version") { $0.int64(0) }.first ?? 0)
        let tables = Set(try database.query("SELECT name FROM sqlite_master WHERE type = 'table'") { try $0.string(0) })
        subscribers = [:]
        if tables.contains("subscribers") {
            for (status, count) in try database.query(
                "SELECT status, count(*) FROM subscribers GROUP BY status",
                row: { (try $0.string(0), Int($0.int64(1))) })
            {
                subscribers[status] = count
            }
        }
        articles =
            tables.contains("articles")
            ? Int(try database.query("SELECT count(*) FROM articles") { $0.int64(0) }.first ?? 0) : 0
        issues =
            tables.contains("issues")
            ? Int(try database.query("SELECT count(*) FROM issues") { $0.int64(0) }.first ?? 0) : 0
        let size = try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? NSNumber
        bytes = size?.intValue ?? 0
    }

    /// Whether the file looks like a Bulletin database: it has the subscribers table.
    public static func isBulletinDatabase(_ database: Database) throws -> Bool {
        let tables = try database.query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'subscribers'"
        ) { $0.int64(0) }
        return (tables.first ?? 0) > 0
    }

    /// `PRAGMA integrity_check` (or the faster `quick_check`): the problems found, empty when sound.
    public static func problems(of database: Database, quick: Bool) throws -> [String] {
        try database.connection.integrityProblems(quick: quick, context: "checking \(database.path)")
    }

    /// One line: "20,000 subscribers (19,990 active, 10 unsubscribed), 120 articles, 3 issues".
    public var line: String {
        let statuses = subscribers.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\(Self.number($0.value)) \($0.key)" }
        return totalSubscribers.counted("subscriber")
            + (statuses.isEmpty ? "" : " (" + statuses.joined(separator: ", ") + ")")
            + ", \(articles.counted("article")), \(issues.counted("issue"))"
    }

    /// A size for people: "812 KB", "12.4 MB".
    public static func size(_ bytes: Int) -> String {
        if bytes < 1_000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(bytes / 1_000) KB" }
        if bytes < 1_000_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        return String(format: "%.1f GB", Double(bytes) / 1e9)
    }

    /// 20000 → "20,000".
    static func number(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
