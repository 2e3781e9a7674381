import BulletinCore
import Foundation

/// What selection needs from the database: a week's candidates and figures, the editors' steering, and which
/// articles earlier sent issues held.
public final class SQLiteDigestStore {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    /// Everything ``DigestSelector`` reads for `week`.
    public func selectionInput(week: IssueWeek, rules: DigestRules) throws -> DigestSelector.Input {
        let steering = try steering(week: week.description)
        return DigestSelector.Input(
            week: week,
            candidates: try candidates(
                firstDay: week.firstDay, lastDay: week.lastDay,
                published: week.lookbackStart(days: rules.lookbackDays)..<week.end, pinned: steering.pinned),
            weekHasPageViews: try hasPageViews(firstDay: week.firstDay, lastDay: week.lastDay),
            sentBefore: try sentArticles(before: week.description), steering: steering, rules: rules)
    }

    /// The articles published in `published`, and the pinned ones, with their views and visitors over the days
    /// `firstDay...lastDay` (`YYYY-MM-DD`).
    public func candidates(
        firstDay: String, lastDay: String, published: Range<Date>, pinned: [String]
    ) throws
        -> [DigestCandidate]
    {
        let pins = CompactJSON.encode(pinned)
        return try database.query(
            """
            SELECT \(SQLiteArticleStore.columns), COALESCE(v.views, 0), COALESCE(v.visitors, 0)
            FROM articles a LEFT JOIN (SELECT path, SUM(views) AS views, SUM(visitors) AS visitors
                                       FROM page_views WHERE day BETWEEN ?1 AND ?2 GROUP BY path) v
                ON v.path = a.path
            WHERE (a.published_at >= ?3 AND a.published_at < ?4) OR a.url IN (SELECT value FROM json_each(?5))
            ORDER BY a.published_at DESC, a.id DESC
            """,
            [
                .text(firstDay), .text(lastDay), .integer(UnixTime.seconds(published.lowerBound)),
                .integer(UnixTime.seconds(published.upperBound)), .text(pins),
            ]
        ) {
            let stored = try SQLiteArticleStore.stored($0)
            return DigestCandidate(article: stored.article, visitors: stored.visitors, views: stored.views)
        }
    }

    /// Whether any page views were recorded on the days `firstDay...lastDay`.
    public func hasPageViews(firstDay: String, lastDay: String) throws -> Bool {
        try database.query(
            "SELECT EXISTS (SELECT 1 FROM page_views WHERE day BETWEEN ?1 AND ?2)", [.text(firstDay), .text(lastDay)]
        ) { $0.int64(0) != 0 }.first ?? false
    }

    /// The canonical URLs of the articles sent in issues of weeks before `week`, with the earliest such issue.
    ///
    /// An issue `send` froze counts only once at least one of its messages was accepted: one that a refused
    /// sender or an unreachable relay stopped before anything went out has reached nobody, so its articles are
    /// still news.
    public func sentArticles(before week: String) throws -> [String: String] {
        let rows = try database.query(
            """
            SELECT url, MIN(week) FROM digest_issue_articles a
            WHERE week < ?1 AND NOT EXISTS (
                SELECT 1 FROM issues i WHERE i.week = a.week
                    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.week = i.week AND d.state = 'sent'))
            GROUP BY url
            """, [.text(week)]
        ) { (try $0.string(0), try $0.string(1)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// The issue number of `week`: one more than the number of issues sent for earlier weeks.
    public func issueNumber(week: String) throws -> Int {
        let sent =
            try database.query("SELECT COUNT(*) FROM digest_issues WHERE week < ?1", [.text(week)]) {
                $0.int64(0)
            }.first ?? 0
        return Int(sent) + 1
    }

    /// Records that the issue for `week` was sent with `articles` (canonical URLs, lead first), so that later
    /// issues leave them out. Recording the same week again replaces its articles.
    public func recordSent(_ week: String, articles: [String], at now: Date) throws {
        try database.transaction { try insertSent(week, articles: articles, at: now) }
    }

    /// ``recordSent(_:articles:at:)`` inside the caller's transaction.
    func insertSent(_ week: String, articles: [String], at now: Date) throws {
        try database.run(
            """
            INSERT INTO digest_issues (week, sent_at) VALUES (?1, ?2)
            ON CONFLICT (week) DO UPDATE SET sent_at = excluded.sent_at
            """, [.text(week), .integer(UnixTime.seconds(now))])
        try database.run("DELETE FROM digest_issue_articles WHERE week = ?1", [.text(week)])
        for (index, url) in articles.enumerated() {
            try database.run(
                "INSERT OR IGNORE INTO digest_issue_articles (week, url, rank) VALUES (?1, ?2, ?3)",
                [.text(week), .text(url), .integer(Int64(index + 1))])
        }
    }

    /// The pins and exclusions for `week`.
    public func steering(week: String) throws -> DigestSteering {
        var steering = DigestSteering()
        try database.query(
            "SELECT url, action FROM digest_steering WHERE week = ?1 ORDER BY seq", [.text(week)]
        ) { (try $0.string(0), try $0.string(1)) }.forEach { url, action in
            if action == "pin" { steering.pinned.append(url) } else { steering.excluded.insert(url) }
        }
        steering.rules = try rules(week: week)
        return steering
    }

    /// An editor's decision on one article for one week.
    public enum SteeringAction: String, Sendable {
        /// Put the article first.
        case pin
        /// Keep the article out.
        case exclude
    }

    /// Pins or excludes `url` for `week`, replacing an earlier decision on the same article and week.
    public func steer(_ action: SteeringAction, url: String, week: String, at now: Date) throws {
        try database.transaction {
            let next =
                try database.query("SELECT COALESCE(MAX(seq), 0) + 1 FROM digest_steering") { $0.int64(0) }
                .first ?? 1
            try database.run(
                """
                INSERT INTO digest_steering (week, url, action, created_at, seq) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (week, url) DO UPDATE SET action = excluded.action, created_at = excluded.created_at,
                    seq = excluded.seq
                """,
                [
                    .text(week), .text(url), .text(action.rawValue), .integer(UnixTime.seconds(now)),
                    .integer(next),
                ])
        }
    }

    /// Removes a pin or exclusion; returns whether there was one.
    public func unsteer(url: String, week: String) throws -> Bool {
        try database.transaction {
            let existed =
                try database.query(
                    "SELECT 1 FROM digest_steering WHERE week = ?1 AND url = ?2", [.text(week), .text(url)]
                ) { _ in true }.first ?? false
            try database.run("DELETE FROM digest_steering WHERE week = ?1 AND url = ?2", [.text(week), .text(url)])
            return existed
        }
    }
}
