import BulletinCore
import Foundation

/// The frozen issues and the per-recipient delivery ledger of `send`, in the SQLite database.
///
/// Used from one thread at a time, like its ``Database``. Rows are claimed and their outcomes recorded in batches,
/// each one transaction; ``SendJournal`` covers the moments between two batches.
public final class SQLiteDeliveryLedger {
    /// The connection.
    public let database: Database
    private let policy: RetryPolicy
    private var claimQuery: Statement?
    private var markSending: Statement?
    private var markSkipped: Statement?
    private var settle: Statement?

    /// Uses an open database; `policy` decides what a deferral becomes.
    public init(database: Database, policy: RetryPolicy) {
        self.database = database
        self.policy = policy
    }

    // MARK: Issues

    private static let issueColumns =
        "week, number, subject, text_part, html_part, articles, created_at, audience, completed_at, halted_at, "
        + "halt_reason"

    private static func issue(from row: Statement) -> FrozenIssue {
        var issue = FrozenIssue(
            week: row.string(0), number: Int(row.int64(1)), subject: row.string(2), textPart: row.string(3),
            htmlPart: row.string(4), articles: CompactJSON.decodeList(row.string(5)) ?? [],
            createdAt: UnixTime.date(row.int64(6)), audience: Int(row.int64(7)),
            completedAt: row.optionalInt64(8).map(UnixTime.date))
        issue.haltedAt = row.optionalInt64(9).map(UnixTime.date)
        issue.haltReason = issue.haltedAt == nil ? nil : row.string(10)
        return issue
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

    /// The frozen issue of `week`, if a send froze one.
    public func issue(week: String) throws -> FrozenIssue? {
        try database.query("SELECT \(Self.issueColumns) FROM issues WHERE week = ?1", [.text(week)]) {
            Self.issue(from: $0)
        }.first
    }

    /// The newest frozen issue's week.
    public func latestWeek() throws -> String? {
        try database.query("SELECT week FROM issues ORDER BY week DESC LIMIT 1") { $0.string(0) }.first
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
        ) { (week: $0.string(0), remaining: Int($0.int64(1))) }
    }

    /// Stores `issue`, records its articles as sent (so that later issues leave them out), and takes the audience
    /// snapshot — one `queued` row per subscriber active now — all in one transaction.
    ///
    /// - Returns: the issue with its audience count.
    /// - Throws: ``DeliveryLedgerError/alreadyFrozen(_:)`` when the week has an issue already.
    public func freeze(_ issue: FrozenIssue) throws -> FrozenIssue {
        try database.transaction {
            if try self.issue(week: issue.week) != nil { throw DeliveryLedgerError.alreadyFrozen(issue.week) }
            let now = UnixTime.seconds(issue.createdAt)
            try database.run(
                """
                INSERT INTO issues (week, number, subject, text_part, html_part, articles, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """,
                [
                    .text(issue.week), .integer(Int64(issue.number)), .text(issue.subject), .text(issue.textPart),
                    .text(issue.htmlPart), .text(CompactJSON.encode(issue.articles)), .integer(now),
                ])
            try database.run(
                """
                INSERT INTO deliveries (week, subscriber_id, state, updated_at)
                SELECT ?1, id, 'queued', ?2 FROM subscribers WHERE status = 'active'
                """, [.text(issue.week), .integer(now)])
            var frozen = issue
            frozen.audience = database.changes
            try database.run(
                "UPDATE issues SET audience = ?2 WHERE week = ?1",
                [.text(issue.week), .integer(Int64(frozen.audience))])
            try SQLiteDigestStore(database: database).insertSent(
                issue.week, articles: issue.articles, at: issue.createdAt)
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
                try database.run("UPDATE issues SET completed_at = NULL WHERE week = ?1", [.text(week)])
                return false
            }
            try database.run(
                "UPDATE issues SET completed_at = COALESCE(completed_at, ?2) WHERE week = ?1",
                [.text(week), .integer(UnixTime.seconds(now))])
            return true
        }
    }

    // MARK: Claiming and recording

    /// The SQL condition of a row `d` that a run at the time bound to `parameter` delivers: queued, or deferred
    /// with its wait over. One place, so that `claim`, `dueCount` and `forEachDue` (the dry run) agree.
    private static func isDue(_ parameter: String) -> String {
        "(d.state = 'queued' OR (d.state = 'deferred' AND d.next_attempt_at <= \(parameter)))"
    }

    /// The states that keep an issue from being complete, as an SQL list.
    private static let pendingStates = DeliveryState.allCases.filter(\.isPending).map { "'\($0.rawValue)'" }
        .joined(separator: ", ")

    /// Puts a `sending` row (week ?1, subscriber ?2) back in the queue at time ?3, giving back its attempt.
    private static let requeueSQL = """
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

    private static let subscriberColumns = SQLiteSubscriberStore.columns.split(separator: ",").map {
        "s." + $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: ", ")

    /// Takes up to `limit` rows of `week` that are due — queued, or deferred with their wait over — with subscriber
    /// ids above `after`, in one transaction: rows of active subscribers become `sending` (one more attempt), the
    /// others `skipped`.
    public func claim(week: String, after: Int64, limit: Int, now: Date) throws -> Claim {
        let time = UnixTime.seconds(now)
        if claimQuery == nil {
            claimQuery = try database.prepare(
                """
                SELECT d.subscriber_id, d.attempts, \(Self.subscriberColumns)
                FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
                WHERE d.week = ?1 AND d.subscriber_id > ?2
                    AND \(Self.isDue("?3"))
                ORDER BY d.subscriber_id LIMIT ?4
                """)
            markSending = try database.prepare(
                """
                UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ?3
                WHERE week = ?1 AND subscriber_id = ?2
                """)
            markSkipped = try database.prepare(
                """
                UPDATE deliveries SET state = 'skipped', updated_at = ?3, stage = NULL, reply_code = NULL,
                    reply_text = ?4
                WHERE week = ?1 AND subscriber_id = ?2
                """)
        }
        guard let claimQuery, let markSending, let markSkipped else { preconditionFailure("prepared above") }
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
            let statement = try database.prepare(Self.requeueSQL)
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
        if settle == nil {
            settle = try database.prepare(
                """
                UPDATE deliveries SET state = ?3, attempts = ?4, next_attempt_at = ?5, updated_at = ?6,
                    message_id = COALESCE(?7, message_id), stage = ?8, reply_code = ?9, reply_text = ?10
                WHERE week = ?1 AND subscriber_id = ?2
                """)
        }
        guard let settle else { return Recorded() }
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
        try database.run(
            "UPDATE subscribers SET status = 'bounced', updated_at = ?2 WHERE id = ?1 AND status = 'active'",
            [.integer(subscriberID), .integer(time)])
        guard database.changes > 0 else { return false }
        try SQLiteSubscriberStore(database: database).recordEvent(
            subscriberID: subscriberID, at: time, from: .active, to: .bounced, source: "send",
            reason: "\(outcome.replyCode) \(outcome.replyText) (issue \(week))")
        return true
    }

    // MARK: Recovery

    /// What ``recover(_:at:)`` did with rows left `sending` by a run that died.
    public struct Recovery: Sendable, Equatable {
        /// Rows the journal gave an outcome for.
        public var settled = 0
        /// Rows handed to the relay without a recorded answer: now `unknown`.
        public var unknown = 0
        /// Rows claimed but never handed to the relay: `queued` again.
        public var requeued = 0
    }

    /// The rows left `sending` (of any week): those a running send claimed, or a dead one left behind.
    public func sendingRows() throws -> Set<SendJournal.Replay.Key> {
        Set(
            try database.query("SELECT week, subscriber_id FROM deliveries WHERE state = 'sending'") {
                SendJournal.Replay.Key(week: $0.string(0), subscriberID: $0.int64(1))
            })
    }

    /// Settles every row left in `sending` (of any week) by a run that died, using its journal: the journal's
    /// outcome where it has one, `unknown` for a row it says was handed over, `queued` for one it never mentions.
    /// Without a journal every such row becomes `unknown`: the relay may have it, and a duplicate is worse than a
    /// gap.
    @discardableResult
    public func recover(_ journal: SendJournal.Replay?, at now: Date) throws -> Recovery {
        let rows = try database.query(
            "SELECT week, subscriber_id, attempts FROM deliveries WHERE state = 'sending' ORDER BY week, subscriber_id"
        ) { ($0.string(0), $0.int64(1), Int($0.int64(2))) }
        guard !rows.isEmpty else { return Recovery() }
        var recovery = Recovery()
        var settlements: [String: [Settlement]] = [:]
        let time = UnixTime.seconds(now)
        try database.transaction {
            for (week, id, attempts) in rows {
                let entry = journal?.entries[SendJournal.Replay.Key(week: week, subscriberID: id)]
                if let entry, let outcome = entry.outcome {
                    settlements[week, default: []].append(
                        Settlement(
                            subscriberID: id, outcome: outcome, messageID: entry.messageID, attempts: attempts,
                            countsAsAttempt: !outcome.concernsTheRelay))
                    recovery.settled += 1
                } else if journal != nil, entry == nil {
                    try database.run(Self.requeueSQL, [.text(week), .integer(id), .integer(time)])
                    recovery.requeued += 1
                } else {
                    try database.run(
                        """
                        UPDATE deliveries SET state = 'unknown', updated_at = ?3, stage = 'end of data',
                            reply_code = 0, reply_text = ?4
                        WHERE week = ?1 AND subscriber_id = ?2
                        """,
                        [
                            .text(week), .integer(id), .integer(time),
                            .text("the run sending it stopped before the relay's answer was recorded"),
                        ])
                    recovery.unknown += 1
                }
            }
        }
        for (week, batch) in settlements { try record(week: week, batch, at: now) }
        return recovery
    }

    /// Puts the `unknown` rows of `week` back in the queue, for `send --retry-unknown`; returns how many.
    public func requeueUnknown(week: String, at now: Date) throws -> Int {
        try database.transaction {
            try database.run(
                """
                UPDATE deliveries SET state = 'queued', next_attempt_at = 0, updated_at = ?2
                WHERE week = ?1 AND state = 'unknown'
                """, [.text(week), .integer(UnixTime.seconds(now))])
            let count = database.changes
            if count > 0 { try database.run("UPDATE issues SET completed_at = NULL WHERE week = ?1", [.text(week)]) }
            return count
        }
    }

    // MARK: Reading

    /// Messages of `week` still to send: queued or deferred.
    public func pendingCount(week: String) throws -> Int {
        let counts = try counts(week: week)
        return (counts[.queued] ?? 0) + (counts[.deferred] ?? 0)
    }

    /// The number of rows of `week` in each state (states without rows are left out).
    public func counts(week: String) throws -> [DeliveryState: Int] {
        var counts: [DeliveryState: Int] = [:]
        try database.query("SELECT state, COUNT(*) FROM deliveries WHERE week = ?1 GROUP BY state", [.text(week)]) {
            (try $0.value(0, as: DeliveryState.self), Int($0.int64(1)))
        }.forEach { state, count in
            counts[state] = count
        }
        return counts
    }

    /// How many rows of `week` a run at `now` would try: queued, and deferred with their wait over.
    public func dueCount(week: String, now: Date) throws -> Int {
        Int(
            try database.query(
                """
                SELECT COUNT(*) FROM deliveries d
                WHERE d.week = ?1 AND \(Self.isDue("?2"))
                """, [.text(week), .integer(UnixTime.seconds(now))]
            ) { $0.int64(0) }.first ?? 0)
    }

    /// Calls `body` with each subscriber a run at `now` would send `week` to (due rows of active subscribers), in
    /// subscriber order, reading one row at a time.
    public func forEachDue(week: String, now: Date, _ body: (Subscriber) throws -> Void) throws {
        let statement = try database.prepare(
            """
            SELECT \(Self.subscriberColumns)
            FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.week = ?1 AND s.status = 'active'
                AND \(Self.isDue("?2"))
            ORDER BY d.subscriber_id
            """)
        try statement.bind([.text(week), .integer(UnixTime.seconds(now))])
        while try statement.step() { try body(try SQLiteSubscriberStore.subscriber(from: statement)) }
    }

    /// When the first deferred row of `week` may be tried again; nil when none is deferred.
    public func nextAttempt(week: String) throws -> Date? {
        try database.query(
            "SELECT MIN(next_attempt_at) FROM deliveries WHERE week = ?1 AND state = 'deferred'", [.text(week)]
        ) { $0.optionalInt64(0).map(UnixTime.date) }.first ?? nil
    }

    /// The first and the last time a message of `week` was accepted; nil when none was.
    public func sentSpan(week: String) throws -> ClosedRange<Date>? {
        try database.query(
            "SELECT MIN(updated_at), MAX(updated_at) FROM deliveries WHERE week = ?1 AND state = 'sent'", [.text(week)]
        ) { row -> ClosedRange<Date>? in
            guard let first = row.optionalInt64(0), let last = row.optionalInt64(1) else { return nil }
            return UnixTime.date(first)...UnixTime.date(max(first, last))
        }.first ?? nil
    }

    /// A row that needs a person's attention.
    public struct Problem: Sendable, Equatable {
        /// The subscriber's address.
        public var email: String
        /// `failed`, `unknown`, `deferred`, or `queued` again after the relay refused the session or sender.
        public var state: DeliveryState
        /// Attempts made.
        public var attempts: Int
        /// The last outcome's stage, code and text.
        public var stage: String
        /// The reply code.
        public var replyCode: Int
        /// The reply text.
        public var replyText: String
        /// When the row last changed.
        public var updatedAt: Date
    }

    /// The rows of `week` in `states`, oldest change first, at most `limit`; a `queued` row only when it keeps
    /// the reply of a relay that refused the session or the sender (``DeliveryOutcome/concernsTheRelay``), not
    /// one that was merely claimed and put back, keeping an earlier recipient's reply.
    public func problems(week: String, states: [DeliveryState], limit: Int) throws -> [Problem] {
        let list = CompactJSON.encode(states.map(\.rawValue))
        return try database.query(
            """
            SELECT s.email, d.state, d.attempts, COALESCE(d.stage, ''), COALESCE(d.reply_code, 0),
                COALESCE(d.reply_text, ''), d.updated_at
            FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.week = ?1 AND d.state IN (SELECT value FROM json_each(?2))
                AND (d.state != 'queued' OR (COALESCE(d.reply_code, 0) > 0
                    AND (d.stage IN ('session', 'MAIL FROM') OR d.reply_code = 421)))
            ORDER BY d.updated_at, s.email LIMIT ?3
            """, [.text(week), .text(list), .integer(Int64(limit))]
        ) {
            Problem(
                email: $0.string(0), state: try $0.value(1, as: DeliveryState.self),
                attempts: Int($0.int64(2)), stage: $0.string(3), replyCode: Int($0.int64(4)),
                replyText: $0.string(5), updatedAt: UnixTime.date($0.int64(6)))
        }
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
