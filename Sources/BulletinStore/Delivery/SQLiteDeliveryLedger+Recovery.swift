import BulletinCore
import Foundation

extension SQLiteDeliveryLedger {
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
                SendJournal.Replay.Key(week: try $0.string(0), subscriberID: $0.int64(1))
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
        ) { (try $0.string(0), $0.int64(1), Int($0.int64(2))) }
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
            if count > 0 { try issues.markIncomplete(week: week) }
            return count
        }
    }
}
