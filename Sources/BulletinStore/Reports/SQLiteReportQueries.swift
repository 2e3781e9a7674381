import BulletinCore
import Foundation

/// The reads `bulletin report` makes across the ledger, the received reports, the page views and the subscriber
/// history; it writes nothing.
public struct SQLiteReportQueries {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    /// The weeks of the newest `limit` frozen issues, newest first.
    public func latestWeeks(limit: Int) throws -> [String] {
        try database.query("SELECT week FROM issues ORDER BY week DESC LIMIT ?1", [.integer(Int64(limit))]) {
            try $0.string(0)
        }
    }

    /// Messages of `week` settled in each hour since `start` (by their last change): accepted, and failed,
    /// deferred or unknown. Hours without any are left out; a change before `start` counts in hour 0.
    public func deliveriesByHour(week: String, start: Date) throws -> [(hour: Int, sent: Int, notSent: Int)] {
        try database.query(
            """
            SELECT MAX(0, (updated_at - ?2) / 3600) AS hour, SUM(state = 'sent'),
                SUM(state IN ('failed', 'deferred', 'unknown'))
            FROM deliveries WHERE week = ?1 AND state IN ('sent', 'failed', 'deferred', 'unknown')
            GROUP BY hour ORDER BY hour
            """, [.text(week), .integer(UnixTime.seconds(start))]
        ) { (Int($0.int64(0)), Int($0.int64(1)), Int($0.int64(2))) }
    }

    /// One recipient domain's messages of an issue.
    public struct DomainCount: Sendable, Equatable {
        /// The domain, lower case.
        public var domain: String
        /// Messages (skipped ones left out).
        public var messages: Int
        /// Accepted.
        public var sent: Int
        /// Failed.
        public var failed: Int
        /// Subscribers a later report made bounced.
        public var bouncedLater: Int
    }

    /// The `limit` recipient domains of `week` with the most messages (skipped ones left out), then by name.
    public func domains(week: String, limit: Int) throws -> [DomainCount] {
        try database.query(
            """
            SELECT lower(substr(s.email, instr(s.email, '@') + 1)) AS domain, COUNT(*), SUM(d.state = 'sent'),
                SUM(d.state = 'failed'),
                SUM(EXISTS (SELECT 1 FROM inbound_reports r WHERE r.week = d.week
                    AND r.subscriber_id = d.subscriber_id AND r.outcome = 'bounced'))
            FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.week = ?1 AND d.state != 'skipped'
            GROUP BY domain ORDER BY COUNT(*) DESC, domain LIMIT ?2
            """, [.text(week), .integer(Int64(limit))]
        ) {
            DomainCount(
                domain: try $0.string(0), messages: Int($0.int64(1)), sent: Int($0.int64(2)),
                failed: Int($0.int64(3)), bouncedLater: Int($0.int64(4)))
        }
    }

    /// The visits that carried `campaign`, per path and day, summed over every imported source.
    public func campaignVisits(campaign: String) throws -> [DailyCampaignViews] {
        try database.query(
            """
            SELECT path, day, SUM(visits), SUM(visitors) FROM campaign_views WHERE campaign = ?1
            GROUP BY path, day ORDER BY day, path
            """, [.text(campaign)]
        ) {
            DailyCampaignViews(
                path: try $0.string(0), day: CivilDay.parse(try $0.string(1)) ?? 0, campaign: campaign,
                visits: Int($0.int64(2)), visitors: Int($0.int64(3)))
        }
    }

    /// The titles of the known articles among `urls`, by URL.
    public func titles(urls: [String]) throws -> [String: String] {
        var titles: [String: String] = [:]
        try database.query(
            "SELECT url, title FROM articles WHERE url IN (SELECT value FROM json_each(?1))",
            [.text(CompactJSON.encode(urls))]
        ) { (try $0.string(0), try $0.string(1)) }.forEach { titles[$0.0] = $0.1 }
        return titles
    }

    /// A change in the subscriber history.
    public struct StatusEvent: Sendable, Equatable {
        /// The status before; nil when the subscriber was added.
        public var from: SubscriberStatus?
        /// The status after.
        public var to: SubscriberStatus
        /// Who made it: `web`, `cli`, `link`, `inbound`, `send`, an import's name.
        public var source: String
        /// Why.
        public var reason: String
    }

    /// The history entries from `start` until `end` (excluded), oldest first.
    public func statusEvents(from start: Date, until end: Date) throws -> [StatusEvent] {
        try database.query(
            """
            SELECT from_status, to_status, source, reason FROM subscriber_events
            WHERE at >= ?1 AND at < ?2 ORDER BY at, id
            """, [.integer(UnixTime.seconds(start)), .integer(UnixTime.seconds(end))]
        ) {
            StatusEvent(
                from: $0.optionalString(0).flatMap(SubscriberStatus.init(rawValue:)),
                to: try $0.value(1, as: SubscriberStatus.self), source: try $0.string(2), reason: try $0.string(3))
        }
    }

    /// Subscribers added from `start` until `end` (excluded), and how many of them were added active (not
    /// pending). Creation is no history entry of its own (see ``SQLiteSubscriberStore/history(of:)``): it is
    /// read from the subscriber rows; erased subscribers are not counted.
    public func joined(from start: Date, until end: Date) throws -> (joined: Int, active: Int) {
        try database.query(
            """
            SELECT COUNT(*), COALESCE(SUM(COALESCE((SELECT e.from_status FROM subscriber_events e
                WHERE e.subscriber_id = s.id ORDER BY e.at, e.id LIMIT 1), s.status) = 'active'), 0)
            FROM subscribers s WHERE s.created_at >= ?1 AND s.created_at < ?2
            """, [.integer(UnixTime.seconds(start)), .integer(UnixTime.seconds(end))]
        ) { (Int($0.int64(0)), Int($0.int64(1))) }.first ?? (0, 0)
    }
}
