import BulletinCore
import Foundation

extension SQLiteDeliveryLedger {
    /// Which failed or deferred rows `send --requeue` puts back in the queue.
    public struct RequeueFilter: Sendable, Equatable {
        /// `failed` or `deferred`.
        public var state: DeliveryState
        /// Only rows whose last reply ("550 5.1.1 No such user") contains this text, ignoring case.
        public var reply: String?
        /// Only rows whose last outcome was at one of these stages (``DeliveryOutcome/Stage`` raw values).
        public var stages: [String]?

        /// Creates a filter.
        public init(state: DeliveryState, reply: String? = nil, stages: [String]? = nil) {
            self.state = state
            self.reply = reply
            self.stages = stages
        }
    }

    /// A row a requeue would touch.
    public struct RequeueCandidate: Sendable, Equatable {
        /// The subscriber.
        public var subscriberID: Int64
        /// Their address.
        public var email: String
        /// Their status now.
        public var status: SubscriberStatus
        /// The row's last outcome: stage, code and text.
        public var stage: String
        /// The reply code.
        public var replyCode: Int
        /// The reply text.
        public var replyText: String
        /// Whether this issue's delivery marked the subscriber bounced (their latest status change).
        public var bouncedByThisIssue: Bool

        /// Like `RCPT TO: 550 5.1.1 No such user`.
        public var reply: String {
            (stage.isEmpty ? "" : stage + ": ") + (replyCode == 0 ? "" : "\(replyCode) ") + replyText
        }

        /// Whether the row is queued again: the subscriber is active, or was bounced by this issue and
        /// `restoreBounced` is set.
        public func isRequeued(restoreBounced: Bool) -> Bool {
            status == .active || (restoreBounced && bouncedByThisIssue)
        }
    }

    /// What ``requeue(week:_:restoreBounced:at:)`` did.
    public struct Requeued: Sendable, Equatable {
        /// Rows now `queued`.
        public var requeued = 0
        /// Subscribers made active again (`restoreBounced`).
        public var restored = 0
        /// Rows left alone because their subscriber is not active (bounced without `restoreBounced`, or left).
        public var leftAlone = 0
    }

    /// The rows of `week` that `filter` chooses, in subscriber order.
    public func requeueCandidates(week: String, _ filter: RequeueFilter) throws -> [RequeueCandidate] {
        try database.query(
            """
            SELECT d.subscriber_id, s.email, s.status, COALESCE(d.stage, ''), COALESCE(d.reply_code, 0),
                COALESCE(d.reply_text, ''),
                s.status = 'bounced' AND EXISTS (
                    SELECT 1 FROM subscriber_events e
                    WHERE e.id = (SELECT MAX(id) FROM subscriber_events WHERE subscriber_id = d.subscriber_id)
                        AND e.to_status = 'bounced' AND e.source = 'send'
                        AND e.reason LIKE '%(issue ' || ?1 || ')')
            FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.week = ?1 AND d.state = ?2
                AND (?3 IS NULL
                    OR instr(lower(COALESCE(d.reply_code, 0) || ' ' || COALESCE(d.reply_text, '')), lower(?3)) > 0)
                AND (?4 IS NULL OR d.stage IN (SELECT value FROM json_each(?4)))
            ORDER BY d.subscriber_id
            """,
            [
                .text(week), .text(filter.state.rawValue), filter.reply.map { .text($0) } ?? .null,
                filter.stages.map { .text(CompactJSON.encode($0)) } ?? .null,
            ]
        ) {
            RequeueCandidate(
                subscriberID: $0.int64(0), email: try $0.string(1),
                status: try $0.value(2, as: SubscriberStatus.self), stage: try $0.string(3),
                replyCode: Int($0.int64(4)), replyText: try $0.string(5), bouncedByThisIssue: $0.int64(6) != 0)
        }
    }

    /// Puts `candidates` of `week` back in the queue in one transaction, with their attempts reset, and records
    /// it in each subscriber's history; with `restoreBounced`, a subscriber this issue bounced becomes active
    /// again. Rows of other inactive subscribers are left as they are.
    public func requeue(
        week: String, _ candidates: [RequeueCandidate], restoreBounced: Bool, at now: Date
    ) throws -> Requeued {
        let time = UnixTime.seconds(now)
        return try database.transaction {
            var done = Requeued()
            let update = try database.prepare(
                """
                UPDATE deliveries SET state = 'queued', attempts = 0, next_attempt_at = 0, updated_at = ?3,
                    stage = NULL, reply_code = NULL, reply_text = NULL
                WHERE week = ?1 AND subscriber_id = ?2
                """)
            for candidate in candidates {
                guard candidate.isRequeued(restoreBounced: restoreBounced) else {
                    done.leftAlone += 1
                    continue
                }
                if candidate.status != .active {
                    // Nothing to restore when the status changed since the candidates were read (the subscriber
                    // left meanwhile, say): the row is left alone like any other inactive subscriber's.
                    guard
                        try subscribers.setStatus(
                            id: candidate.subscriberID, from: candidate.status, to: .active, source: "send --requeue",
                            reason: "restored: the bounce (\(candidate.reply)) of issue \(week) was queued again",
                            at: time, stampsDates: false)
                    else {
                        done.leftAlone += 1
                        continue
                    }
                    done.restored += 1
                } else {
                    try subscribers.recordEvent(
                        subscriberID: candidate.subscriberID, at: time, from: .active, to: .active,
                        source: "send --requeue", reason: "issue \(week) queued again after \(candidate.reply)")
                }
                try update.run([.text(week), .integer(candidate.subscriberID), .integer(time)])
                done.requeued += 1
            }
            if done.requeued > 0 {
                try issues.markIncomplete(week: week)
            }
            return done
        }
    }
}
