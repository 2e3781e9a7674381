import BulletinCore
import Foundation

/// The per-recipient delivery ledger of `send`, in the SQLite database: the one type that writes the `deliveries`
/// table, and the façade `send` uses for the whole of an issue's life.
///
/// Used from one thread at a time, like its ``Database``. Rows are claimed and their outcomes recorded in batches,
/// each one transaction; ``SendJournal`` covers the moments between two batches. The issue itself is written by
/// ``SQLiteIssueStore`` and a subscriber's status by ``SQLiteSubscriberStore``, which the ledger calls.
public final class SQLiteDeliveryLedger {
    /// The connection.
    public let database: Database
    /// The frozen issues.
    public let issues: SQLiteIssueStore
    /// The subscribers, whose status a hard bounce or a requeue changes.
    let subscribers: SQLiteSubscriberStore
    private let policy: RetryPolicy

    /// Uses an open database; `policy` decides what a deferral becomes.
    public init(database: Database, policy: RetryPolicy) {
        self.database = database
        self.issues = SQLiteIssueStore(database: database)
        self.subscribers = SQLiteSubscriberStore(database: database)
        self.policy = policy
    }

    // MARK: Issues

    /// Marks `week` halted with `reason`: `send --if-due` leaves it alone until `send --resume`.
    public func halt(week: String, reason: String, at now: Date) throws {
        try issues.halt(week: week, reason: reason, at: now)
    }

    /// Lifts the halt of `week` (`send --resume`); returns whether it was halted.
    @discardableResult
    public func resume(week: String) throws -> Bool {
        try issues.resume(week: week)
    }

    /// The frozen issue of `week`, if a send froze one.
    public func issue(week: String) throws -> FrozenIssue? {
        try issues.issue(week: week)
    }

    /// The newest frozen issue's week.
    public func latestWeek() throws -> String? {
        try issues.latestWeek()
    }

    /// Earlier issues than `week` that still have messages to deliver (queued, deferred or sending), oldest first,
    /// with how many: a new issue started while one of these is unfinished leaves those messages undelivered
    /// unless they are sent with `--week`.
    public func unfinishedWeeks(before week: String) throws -> [(week: String, remaining: Int)] {
        try database.query(
            """
            SELECT week, COUNT(*) FROM deliveries
            WHERE week IN (SELECT week FROM issues WHERE completed_at IS NULL AND week < ?1)
                AND state IN (\(Self.pendingStates))
            GROUP BY week ORDER BY week
            """, [.text(week)]
        ) { (week: try $0.string(0), remaining: Int($0.int64(1))) }
    }

    /// Stores `issue`, records its articles (its sections' too) as sent (so that later issues leave them out), and
    /// takes the audience snapshot — one `queued` row per subscriber active now — all in one transaction.
    ///
    /// - Returns: the issue with its audience count.
    /// - Throws: ``DeliveryLedgerError/alreadyFrozen(_:)`` when the week has an issue already.
    public func freeze(_ issue: FrozenIssue) throws -> FrozenIssue {
        try database.transaction {
            if try issues.issue(week: issue.week) != nil { throw DeliveryLedgerError.alreadyFrozen(issue.week) }
            try issues.insert(issue)
            try database.run(
                """
                INSERT INTO deliveries (week, subscriber_id, state, updated_at)
                SELECT ?1, id, 'queued', ?2 FROM subscribers WHERE status = 'active'
                """, [.text(issue.week), .integer(UnixTime.seconds(issue.createdAt))])
            var frozen = issue
            frozen.audience = database.changes
            try issues.setAudience(frozen.audience, week: issue.week)
            // The sections' articles count as sent too: a later issue repeats none of them, in any block.
            var seen = Set(issue.articles)
            let sectionArticles = issue.sections.flatMap(\.articles).filter { seen.insert($0).inserted }
            try SQLiteDigestStore(database: database).insertSent(
                issue.week, articles: issue.articles + sectionArticles, at: issue.createdAt)
            return frozen
        }
    }

    /// Marks the issue complete when no row of it is queued, sending or deferred; returns whether it is.
    @discardableResult
    public func completeIfSettled(week: String, at now: Date) throws -> Bool {
        try database.transaction {
            let pending =
                try database.query(
                    """
                    SELECT COUNT(*) FROM deliveries WHERE week = ?1 AND state IN (\(Self.pendingStates))
                    """, [.text(week)]
                ) { $0.int64(0) }.first ?? 0
            guard pending == 0 else {
                try issues.markIncomplete(week: week)
                return false
            }
            try issues.markComplete(week: week, at: now)
            return true
        }
    }

    // MARK: Claiming and recording

    /// The SQL condition of a row `d` that a run at the time bound to `parameter` delivers: queued, or deferred
    /// with its wait over. One place, so that `claim`, `dueCount` and `forEachDue` (the dry run) agree.
    static func isDue(_ parameter: String) -> String {
        "(d.state = 'queued' OR (d.state = 'deferred' AND d.next_attempt_at <= \(parameter)))"
    }

    /// The states that keep an issue from being complete, as an SQL list.
    static let pendingStates = DeliveryState.allCases.filter(\.isPending).map { "'\($0.rawValue)'" }
        .joined(separator: ", ")

    /// Puts a `sending` row (week ?1, subscriber ?2) back in the queue at time ?3, giving back its attempt.
    static let requeueSQL = """
        UPDATE deliveries SET state = 'queued', attempts = MAX(0, attempts - 1), updated_at = ?3
        WHERE week = ?1 AND subscriber_id = ?2 AND state = 'sending'
        """

    /// A row handed to this run: the subscriber it goes to, and how many attempts it has had, this one included.
    public struct Claimed: Sendable {
        /// The subscriber (active when claimed).
        public var subscriber: Subscriber
        /// Attempts so far, this one included.
        public var attempts: Int
    }

    /// What ``claim(week:after:limit:now:)`` found.
    public struct Claim: Sendable {
        /// The rows now `sending`, in subscriber order.
        public var claimed: [Claimed]
        /// Rows whose subscriber was no longer active: now `skipped`.
        public var skipped: Int
        /// The last subscriber id looked at; pass it as `after` for the next batch. Nil when no row was left.
        public var lastID: Int64?
    }

    /// ``SQLiteSubscriberStore``'s columns of the subscriber `s` joined to a row.
    static let subscriberColumns = SQLiteSubscriberStore.columns.split(separator: ",").map {
        "s." + $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: ", ")

    /// Reads up to ?4 due rows of week ?1 with subscriber ids above ?2 at time ?3, with their subscribers.
    private static let claimSQL = """
        SELECT d.subscriber_id, d.attempts, \(subscriberColumns)
        FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.week = ?1 AND d.subscriber_id > ?2
            AND \(isDue("?3"))
        ORDER BY d.subscriber_id LIMIT ?4
        """

    private static let markSendingSQL = """
        UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ?3
        WHERE week = ?1 AND subscriber_id = ?2
        """

    private static let markSkippedSQL = """
        UPDATE deliveries SET state = 'skipped', updated_at = ?3, stage = NULL, reply_code = NULL, reply_text = ?4
        WHERE week = ?1 AND subscriber_id = ?2
        """

    private static let settleSQL = """
        UPDATE deliveries SET state = ?3, attempts = ?4, next_attempt_at = ?5, updated_at = ?6,
            message_id = COALESCE(?7, message_id), stage = ?8, reply_code = ?9, reply_text = ?10
        WHERE week = ?1 AND subscriber_id = ?2
        """

    /// Takes up to `limit` rows of `week` that are due — queued, or deferred with their wait over — with subscriber
    /// ids above `after`, in one transaction: rows of active subscribers become `sending` (one more attempt), the
    /// others `skipped`.
    public func claim(week: String, after: Int64, limit: Int, now: Date) throws -> Claim {
        let time = UnixTime.seconds(now)
        let claimQuery = try database.cachedStatement(Self.claimSQL)
        let markSending = try database.cachedStatement(Self.markSendingSQL)
        let markSkipped = try database.cachedStatement(Self.markSkippedSQL)
        return try database.transaction {
            var rows: [(Int64, Int, Subscriber)] = []
            try claimQuery.bind([.text(week), .integer(after), .integer(time), .integer(Int64(limit))])
            defer { claimQuery.reset() }
            while try claimQuery.step() {
                let subscriber = try SQLiteSubscriberStore.subscriber(from: claimQuery, offset: 2)
                rows.append((claimQuery.int64(0), Int(claimQuery.int64(1)), subscriber))
            }
            var claim = Claim(claimed: [], skipped: 0, lastID: rows.last?.0)
            for (id, attempts, subscriber) in rows {
                if subscriber.status == .active {
                    try markSending.run([.text(week), .integer(id), .integer(time)])
                    claim.claimed.append(Claimed(subscriber: subscriber, attempts: attempts + 1))
                } else {
                    try markSkipped.run([
                        .text(week), .integer(id), .integer(time),
                        .text("the subscriber was \(subscriber.status.rawValue) before their turn"),
                    ])
                    claim.skipped += 1
                }
            }
            return claim
        }
    }

    /// Puts rows this run claimed but never handed to the relay back in the queue, giving back their attempt.
    public func release(week: String, subscriberIDs: [Int64], at now: Date) throws {
        guard !subscriberIDs.isEmpty else { return }
        try database.transaction {
            let statement = try database.cachedStatement(Self.requeueSQL)
            for id in subscriberIDs {
                try statement.run([.text(week), .integer(id), .integer(UnixTime.seconds(now))])
            }
        }
    }

    /// One outcome to record.
    public struct Settlement: Sendable {
        /// The subscriber the row is for.
        public var subscriberID: Int64
        /// How the attempt ended.
        public var outcome: DeliveryOutcome
        /// The message's Message-ID (without angle brackets).
        public var messageID: String
        /// The row's attempts, this one included.
        public var attempts: Int
        /// False when the relay could not be used at all and the run stopped: the attempt is given back and the
        /// row is due again at once (`queued` with the reply kept when the relay refused the session or the
        /// sender, `deferred` when it could not be reached), so that an outage does not use up a message's
        /// attempts.
        public var countsAsAttempt: Bool

        /// Creates a settlement.
        public init(
            subscriberID: Int64, outcome: DeliveryOutcome, messageID: String, attempts: Int,
            countsAsAttempt: Bool = true
        ) {
            self.subscriberID = subscriberID
            self.outcome = outcome
            self.messageID = messageID
            self.attempts = attempts
            self.countsAsAttempt = countsAsAttempt
        }
    }

    /// What recording a batch changed beyond the rows.
    public struct Recorded: Sendable, Equatable {
        /// Subscribers marked `bounced` by a 5xx to RCPT TO.
        public var bounced = 0
        /// Deferred rows whose attempts ran out, now `failed`.
        public var gaveUp = 0
    }

    /// Records outcomes of `week` in one transaction: accepted → `sent`; deferred → `deferred` with the next
    /// attempt's time, or `failed` once the attempts run out; rejected → `failed`, and a 5xx to RCPT TO marks the
    /// subscriber `bounced` with the reply in their history; unknown → `unknown`.
    @discardableResult
    public func record(week: String, _ settlements: [Settlement], at now: Date) throws -> Recorded {
        guard !settlements.isEmpty else { return Recorded() }
        let time = UnixTime.seconds(now)
        let settle = try database.cachedStatement(Self.settleSQL)
        return try database.transaction {
            var recorded = Recorded()
            for entry in settlements {
                let outcome = entry.outcome
                var attempts = entry.attempts
                var next = time
                let state: DeliveryState
                switch outcome.kind {
                case .accepted: state = .sent
                case .unknown: state = .unknown
                case .rejected: state = .failed
                case .deferred:
                    if !entry.countsAsAttempt {
                        // A relay that answered (refused the session or the sender) needs a person first: the
                        // row goes back to the queue with the reply kept. One that could not be reached at all
                        // is deferred, due again at once.
                        attempts = max(0, attempts - 1)
                        state = outcome.replyCode == 0 ? .deferred : .queued
                    } else if case .retry(let at) = policy.afterDeferral(attempts: attempts, now: now) {
                        state = .deferred
                        next = UnixTime.seconds(at)
                    } else {
                        state = .failed
                        recorded.gaveUp += 1
                    }
                }
                try settle.run([
                    .text(week), .integer(entry.subscriberID), .text(state.rawValue), .integer(Int64(attempts)),
                    .integer(next), .integer(time), entry.messageID.isEmpty ? .null : .text(entry.messageID),
                    .text(outcome.stage.rawValue), .integer(Int64(outcome.replyCode)), .text(outcome.replyText),
                ])
                if outcome.isHardBounce, try bounce(subscriberID: entry.subscriberID, week: week, outcome, at: time) {
                    recorded.bounced += 1
                }
            }
            return recorded
        }
    }

    private func bounce(subscriberID: Int64, week: String, _ outcome: DeliveryOutcome, at time: Int64) throws -> Bool {
        try subscribers.setStatus(
            id: subscriberID, from: .active, to: .bounced, source: "send",
            reason: "\(outcome.replyCode) \(outcome.replyText) (issue \(week))", at: time, stampsDates: false)
    }
}

/// A ledger operation that cannot be done.
public enum DeliveryLedgerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The week already has a frozen issue.
    case alreadyFrozen(String)

    public var description: String {
        switch self {
        case .alreadyFrozen(let week):
            "the issue of \(week) was frozen already by another send."
        }
    }
}
