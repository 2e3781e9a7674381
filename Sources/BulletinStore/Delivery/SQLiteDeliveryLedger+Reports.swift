import BulletinCore
import Foundation

extension SQLiteDeliveryLedger {
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
                email: try $0.string(0), state: try $0.value(1, as: DeliveryState.self),
                attempts: Int($0.int64(2)), stage: try $0.string(3), replyCode: Int($0.int64(4)),
                replyText: try $0.string(5), updatedAt: UnixTime.date($0.int64(6)))
        }
    }
}
