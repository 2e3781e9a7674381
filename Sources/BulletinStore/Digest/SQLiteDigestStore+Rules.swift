import BulletinCore
import Foundation

extension SQLiteDigestStore {
    /// The exclusion rules that hold in `week` (the lasting ones and that week's), or every rule when `week` is
    /// nil; lasting rules first, then by when they were made.
    public func rules(week: String?) throws -> [ExclusionRule] {
        let sql =
            week == nil
            ? "SELECT kind, value, week, created_at FROM digest_rules ORDER BY week, created_at, value"
            : """
            SELECT kind, value, week, created_at FROM digest_rules WHERE week = '' OR week = ?1
            ORDER BY week, created_at, value
            """
        return try database.query(sql, week.map { [.text($0)] } ?? []) { row in
            let kind = try row.string(0)
            let value = try row.string(1)
            let ruleWeek = try row.string(2)
            return ExclusionRule(
                match: kind == "url" ? .url(value) : .pathPrefix(value), week: ruleWeek.isEmpty ? nil : ruleWeek,
                createdAt: Date(timeIntervalSince1970: TimeInterval(row.int64(3))))
        }
    }

    /// Adds `rule`, or renews the time of the same rule.
    public func addRule(_ rule: ExclusionRule) throws {
        let (kind, value) = Self.columns(rule.match)
        try database.run(
            """
            INSERT INTO digest_rules (kind, value, week, created_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (kind, value, week) DO UPDATE SET created_at = excluded.created_at
            """,
            [.text(kind), .text(value), .text(rule.week ?? ""), .integer(UnixTime.seconds(rule.createdAt))])
    }

    /// Removes the rule matching `match` in `week` (nil: the lasting one).
    ///
    /// - Returns: whether there was one.
    public func removeRule(_ match: ExclusionRule.Match, week: String?) throws -> Bool {
        let (kind, value) = Self.columns(match)
        return try database.transaction {
            let arguments: [SQLValue] = [.text(kind), .text(value), .text(week ?? "")]
            let existed =
                try database.query(
                    "SELECT 1 FROM digest_rules WHERE kind = ?1 AND value = ?2 AND week = ?3", arguments
                ) { _ in true }.first ?? false
            try database.run("DELETE FROM digest_rules WHERE kind = ?1 AND value = ?2 AND week = ?3", arguments)
            return existed
        }
    }

    private static func columns(_ match: ExclusionRule.Match) -> (String, String) {
        switch match {
        case .url(let url): ("url", url)
        case .pathPrefix(let prefix): ("path_prefix", prefix)
        }
    }
}
