import BulletinCore
import BulletinStore
import Foundation

/// `send --requeue failed|deferred`: puts a week's failed or deferred messages back in the queue deliberately
/// (or, as a dry run, lists those it would).
public struct RequeueDeliveries {
    /// Which rows to take.
    public struct Selection: Sendable, Equatable {
        /// `failed` or `deferred`.
        public var state: DeliveryState
        /// Only rows whose last reply contains this text.
        public var reply: String?
        /// Only rows that failed at one of these stages.
        public var stages: [DeliveryOutcome.Stage]?
        /// Make the subscribers those failures bounced active again.
        public var restoreBounced: Bool

        /// A selection of `state`'s rows.
        public init(
            state: DeliveryState, reply: String? = nil, stages: [DeliveryOutcome.Stage]? = nil,
            restoreBounced: Bool = false
        ) {
            self.state = state
            self.reply = reply
            self.stages = stages
            self.restoreBounced = restoreBounced
        }

        /// The ledger's filter.
        var filter: SQLiteDeliveryLedger.RequeueFilter {
            SQLiteDeliveryLedger.RequeueFilter(state: state, reply: reply, stages: stages.map { $0.map(\.rawValue) })
        }
    }

    /// What a dry run would do.
    public struct Listing: Sendable, Equatable {
        /// The week.
        public var week: String
        /// Every row the selection covers, with what would happen to it (``SQLiteDeliveryLedger/RequeueCandidate``).
        public var candidates: [SQLiteDeliveryLedger.RequeueCandidate]
        /// How many would be queued again.
        public var chosen: Int
    }

    /// The ledger it works on.
    public let ledger: SQLiteDeliveryLedger
    /// Where it logs.
    public let environment: AppEnvironment
    /// The rows.
    public let selection: Selection

    /// Requeues `selection` in `ledger`.
    public init(_ environment: AppEnvironment, ledger: SQLiteDeliveryLedger, selection: Selection) {
        self.environment = environment
        self.ledger = ledger
        self.selection = selection
    }

    /// The rows of `week` that would be queued again, and those that would not; nothing changes.
    ///
    /// - Throws: ``StatusError/notSent(_:)`` when the week was never sent; the ledger's errors.
    public func list(week name: String) throws -> Listing {
        guard try ledger.issue(week: name) != nil else { throw StatusError.notSent(name) }
        let candidates = try ledger.requeueCandidates(week: name, selection.filter)
        let chosen = candidates.filter { $0.isRequeued(restoreBounced: selection.restoreBounced) }.count
        return Listing(week: name, candidates: candidates, chosen: chosen)
    }

    /// Puts the chosen rows of `week` back in the queue, and logs what it did.
    ///
    /// - Returns: what the ledger did.
    @discardableResult
    public func run(week name: String, at now: Date) throws -> SQLiteDeliveryLedger.Requeued {
        let logger = environment.logger
        let candidates = try ledger.requeueCandidates(week: name, selection.filter)
        let done = try ledger.requeue(week: name, candidates, restoreBounced: selection.restoreBounced, at: now)
        let restored = done.restored > 0 ? "; \(done.restored) bounced subscribers are active again" : ""
        logger.info(
            "\(done.requeued) \(selection.state.rawValue) \(done.requeued == 1 ? "message" : "messages") of \(name) \(done.requeued.isOrAre) queued again\(restored)"
        )
        if done.leftAlone > 0 {
            let bounced = candidates.filter {
                $0.bouncedByThisIssue && !$0.isRequeued(restoreBounced: selection.restoreBounced)
            }.count
            let hint = bounced > 0 ? " (\(bounced) bounced by this issue; --restore-bounced queues them too)" : ""
            logger.warning(
                "\(done.leftAlone.counted("message")) \(done.leftAlone.wasOrWere) left alone: their subscribers are not active\(hint)"
            )
        }
        return done
    }
}
