import BulletinCore
import Foundation

/// What `bulletin inbound` found in one report about one recipient, as it is kept.
public struct InboundReport: Sendable, Equatable {
    /// When it was processed.
    public var at: Date
    /// Where the message was read (a file, `mbox#3`, standard input, a mailbox's message).
    public var source: String
    /// What it is.
    public var finding: InboundFinding
    /// The identified delivery's issue week.
    public var week: String?
    /// The identified subscriber.
    public var subscriberID: Int64?
    /// How it was identified: `tag`, `token` or `address`; nil when it was not.
    public var identifiedBy: String?

    /// Creates a report.
    public init(
        at: Date, source: String, finding: InboundFinding, week: String? = nil, subscriberID: Int64? = nil,
        identifiedBy: String? = nil
    ) {
        self.at = at
        self.source = source
        self.finding = finding
        self.week = week
        self.subscriberID = subscriberID
        self.identifiedBy = identifiedBy
    }
}

/// The received reports, in the SQLite database: the one type that writes `inbound_reports`. A report that
/// changes a subscriber's status changes it through ``SQLiteSubscriberStore``'s one status-change path, in the
/// same transaction, so the row, the status and the history entry are written together or not at all.
public final class SQLiteInboundReports {
    /// The connection.
    public let database: Database
    /// The subscribers whose status a report changes.
    let subscribers: SQLiteSubscriberStore

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
        self.subscribers = SQLiteSubscriberStore(database: database)
    }

    /// What a report does to its subscriber.
    public enum Consequence: Sendable, Equatable {
        /// Nothing: it is recorded only.
        case none
        /// The subscriber moves to `status` when their status is one of `from`.
        case status(SubscriberStatus, from: Set<SubscriberStatus>)
        /// A soft bounce: the subscriber moves to `bounced` (from `active` or `pending`) once soft bounces on
        /// `limit` different days (this one included) are recorded since `windowStart` and since the last
        /// accepted delivery that no report followed.
        case softBounce(limit: Int, windowStart: Date)
    }

    /// What recording a report did.
    public struct Recorded: Sendable, Equatable {
        /// The word kept in the row: bounced, counted, complained, unsubscribed, unchanged, recorded,
        /// unidentified, forged.
        public var outcome: String
        /// The status before, when the report changed it.
        public var changedFrom: SubscriberStatus?
        /// The status after, when the report changed it.
        public var changedTo: SubscriberStatus?
        /// For a soft bounce, the days counted (this one included).
        public var softDays: Int?
    }

    /// Records `report` and carries out `consequence` on its subscriber, in one transaction.
    ///
    /// - Parameters:
    ///   - outcome: the row's outcome when nothing changes (`recorded`, `unidentified`, `forged`).
    ///   - commit: false rolls everything back (a dry run), returning what would have been done.
    ///   - reason: the history entry's reason when the status changes.
    @discardableResult
    public func record(
        _ report: InboundReport, consequence: Consequence, outcome: String, reason: String, commit: Bool = true
    ) throws -> Recorded {
        try database.transaction(commit: commit) {
            let time = UnixTime.seconds(report.at)
            // A report counts on the day it says the failure happened, not the day it was read (a backlog read at
            // once is several days); a date after the reading is a wrong clock, and the reading's day stands.
            let reported = report.finding.reportedAt.map(UnixTime.seconds).map { min($0, time) } ?? time
            var recorded = Recorded(outcome: outcome)
            try database.run(
                """
                INSERT INTO inbound_reports (received_at, day, source, kind, recipient, status, diagnostic, week,
                    subscriber_id, identified_by, outcome)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """,
                [
                    .integer(time), .integer(Self.day(reported)), .text(report.source),
                    .text(report.finding.kind.rawValue), report.finding.recipient.map { .text($0) } ?? .null,
                    report.finding.status.map { .text($0) } ?? .null, .text(report.finding.diagnostic),
                    report.week.map { .text($0) } ?? .null, report.subscriberID.map { .integer($0) } ?? .null,
                    report.identifiedBy.map { .text($0) } ?? .null, .text(outcome),
                ])
            let row = database.lastInsertRowID
            guard let id = report.subscriberID, let subscriber = try subscribers.subscriber(id: id) else {
                return recorded
            }
            var target: (status: SubscriberStatus, from: Set<SubscriberStatus>)?
            switch consequence {
            case .none: break
            case .status(let status, let from):
                target = (status, from)
            case .softBounce(let limit, let windowStart):
                let days = try softBounceDays(subscriberID: id, since: windowStart)
                recorded.softDays = days
                recorded.outcome = "counted"
                if days >= limit { target = (.bounced, [.active, .pending]) }
            }
            if let target {
                let reason = reason + (recorded.softDays.map { " (soft bounces on \($0) days)" } ?? "")
                if target.from.contains(subscriber.status),
                    try subscribers.setStatus(
                        id: id, from: subscriber.status, to: target.status, source: "inbound", reason: reason,
                        at: time)
                {
                    recorded.changedFrom = subscriber.status
                    recorded.changedTo = target.status
                    recorded.outcome = target.status.rawValue
                } else if recorded.softDays == nil {
                    recorded.outcome = "unchanged"
                }
            }
            if recorded.outcome != outcome {
                try database.run(
                    "UPDATE inbound_reports SET outcome = ?2 WHERE id = ?1", [.integer(row), .text(recorded.outcome)])
            }
            return recorded
        }
    }

    /// The days (UTC, each the day its report says the failure happened) with a soft bounce of subscriber `id`
    /// from `windowStart`'s day on and since their last accepted delivery that no bounce followed (a message that
    /// got through resets the count).
    public func softBounceDays(subscriberID id: Int64, since windowStart: Date) throws -> Int {
        Int(
            try database.query(
                """
                SELECT COUNT(DISTINCT day) FROM inbound_reports
                WHERE subscriber_id = ?1 AND kind = 'soft' AND day >= ?2
                    AND received_at > COALESCE((
                        SELECT MAX(d.updated_at) FROM deliveries d
                        WHERE d.subscriber_id = ?1 AND d.state = 'sent' AND d.week NOT IN (
                            SELECT week FROM inbound_reports
                            WHERE subscriber_id = ?1 AND kind IN ('soft', 'hard') AND week IS NOT NULL)), 0)
                """, [.integer(id), .integer(Self.day(UnixTime.seconds(windowStart)))]
            ) { $0.int64(0) }.first ?? 0)
    }

    /// The newest issue accepted by the relay for subscriber `id`: the delivery a report that names only the
    /// address is about. nil when no issue was sent to them.
    public func lastAcceptedWeek(subscriberID id: Int64) throws -> String? {
        try database.query(
            """
            SELECT week FROM deliveries WHERE subscriber_id = ?1 AND state = 'sent'
            ORDER BY week DESC LIMIT 1
            """, [.integer(id)]
        ) { try $0.string(0) }.first
    }

    /// Whether `week` was accepted by the relay for subscriber `id`.
    public func wasSent(week: String, subscriberID id: Int64) throws -> Bool {
        try database.query(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE week = ?1 AND subscriber_id = ?2 AND state = 'sent')",
            [.text(week), .integer(id)]
        ) { $0.int64(0) }.first == 1
    }

    /// The reports about `week`'s deliveries: for each kind, how many reports, and how many subscribers they
    /// changed (by the outcome: bounced, complained, unsubscribed).
    public func counts(week: String) throws -> (reports: [InboundFinding.Kind: Int], outcomes: [String: Int]) {
        var reports: [InboundFinding.Kind: Int] = [:]
        var outcomes: [String: Int] = [:]
        try database.query(
            "SELECT kind, outcome, COUNT(*) FROM inbound_reports WHERE week = ?1 GROUP BY kind, outcome",
            [.text(week)]
        ) { (try $0.string(0), try $0.string(1), Int($0.int64(2))) }.forEach { kind, outcome, count in
            if let kind = InboundFinding.Kind(rawValue: kind) { reports[kind, default: 0] += count }
            outcomes[outcome, default: 0] += count
        }
        return (reports, outcomes)
    }

    /// A subscriber's reports, oldest first: (kind, status, diagnostic, outcome).
    public func reports(subscriberID id: Int64) throws -> [(kind: String, status: String?, outcome: String)] {
        try database.query(
            "SELECT kind, status, outcome FROM inbound_reports WHERE subscriber_id = ?1 ORDER BY received_at, id",
            [.integer(id)]
        ) { (try $0.string(0), $0.optionalString(1), try $0.string(2)) }
    }

    /// The UTC day number of a Unix time.
    static func day(_ time: Int64) -> Int64 {
        time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
    }
}
