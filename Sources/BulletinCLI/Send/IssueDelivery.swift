import BulletinCore
import BulletinStore
import Foundation

/// One run of an issue's delivery: claims due rows from the ledger in batches, builds each subscriber's message,
/// hands it to the transport, and records the outcomes.
///
/// Crash safety: a batch of rows becomes `sending` in one transaction before any of them is handed over; each
/// message is written to the ``SendJournal`` just before the transport takes it, and each outcome just after it
/// is known; outcomes reach the ledger in batches of at most 100 messages or 250 ms. A run killed at any moment
/// leaves the journal to tell the next run which rows were really in flight.
///
/// The transport calls ``next()`` and ``report(_:)`` from its one delivery thread, never at the same time; the
/// state here is touched only from there (and read by the caller after ``run(transport:)`` returns).
final class IssueDelivery: @unchecked Sendable {
    /// What a run did.
    struct Summary: Sendable, Equatable {
        /// Messages handed to the relay.
        var attempted = 0
        /// Accepted by the relay.
        var sent = 0
        /// Deferred (to be tried again later).
        var deferred = 0
        /// Back in the queue: the relay refused the session or the sender, which is no recipient's failure.
        var requeued = 0
        /// Failed: rejected, or out of attempts.
        var failed = 0
        /// The relay may or may not have them.
        var unknown = 0
        /// Subscribers who stopped being active before their turn.
        var skipped = 0
        /// Subscribers marked bounced.
        var bounced = 0
    }

    private let ledger: SQLiteDeliveryLedger
    private let journal: SendJournal
    private let messages: IssueMessages
    private let week: String
    private let now: () -> Date
    private let progress: SendProgress?
    private let batchSize = 100
    private let flushInterval = 0.25

    private var haltCheck: HaltCheck?
    private let stopLock = NSLock()
    private var stopRequested = false
    /// Why the run halted itself (too many permanent failures among the latest outcomes); nil when it did not.
    private(set) var haltReason: String?

    private var budget: Int
    private var lastID: Int64 = 0
    private var exhausted = false
    private var claimed: ArraySlice<SQLiteDeliveryLedger.Claimed> = []
    private var inFlight: [Int64: (attempts: Int, messageID: String)] = [:]
    private var pending: [SQLiteDeliveryLedger.Settlement] = []
    private var lastFlush = DispatchTime.now()
    private(set) var summary = Summary()
    /// The first error that stopped the run from the inside (the ledger or the journal could not be written).
    private(set) var failure: (any Error)?

    /// Prepares a run over `week`'s due rows; `limit` caps the messages handed over; `haltCheck` (nil: off)
    /// halts the run when too many of the latest outcomes are permanent failures.
    init(
        ledger: SQLiteDeliveryLedger, journal: SendJournal, messages: IssueMessages, week: String, limit: Int?,
        haltCheck: HaltCheck? = nil, progress: SendProgress?, now: @escaping () -> Date
    ) {
        self.haltCheck = haltCheck
        self.ledger = ledger
        self.journal = journal
        self.messages = messages
        self.week = week
        self.budget = limit ?? Int.max
        self.progress = progress
        self.now = now
    }

    /// Delivers through `transport` until no row is due, the limit is reached, or the relay fails; then records
    /// everything still pending.
    ///
    /// - Throws: the transport's ``BulletinError`` when the relay cannot be used, or the ledger's or journal's
    ///   error; in every case the outcomes known so far are in the ledger (or, failing that, in the journal).
    func run(transport: any MailTransport) async throws {
        var transportError: (any Error)?
        do {
            try await transport.deliver(next: { self.next() }, report: { self.report($0) })
        } catch {
            transportError = error
        }
        flush(force: true)
        if !claimed.isEmpty {
            do {
                try ledger.release(week: week, subscriberIDs: claimed.map(\.subscriber.id), at: now())
                claimed = []
            } catch {
                if failure == nil { failure = error }
            }
        }
        progress?.finish()
        if let failure { throw failure }
        if let transportError { throw transportError }
    }

    /// Stops taking messages (SIGINT, SIGTERM); those in flight still end. Safe from any thread.
    func requestStop() {
        stopLock.withLock { stopRequested = true }
    }

    /// Whether ``requestStop()`` was called.
    var wasStopped: Bool { stopLock.withLock { stopRequested } }

    /// The next message, or nil when the run should stop.
    func next() -> MailSubmission? {
        while failure == nil, haltReason == nil, !wasStopped, budget > 0 {
            if claimed.isEmpty {
                if exhausted { return nil }
                flush(force: true)
                do {
                    let claim = try ledger.claim(week: week, after: lastID, limit: min(batchSize, budget), now: now())
                    guard let last = claim.lastID else {
                        exhausted = true
                        return nil
                    }
                    lastID = last
                    summary.skipped += claim.skipped
                    claimed = claim.claimed[...]
                } catch {
                    failure = error
                    return nil
                }
                continue
            }
            guard let row = claimed.popFirst() else { continue }
            let subscriber = row.subscriber
            do {
                let message = try messages.message(for: subscriber, date: now())
                try journal.handingOver(week: week, subscriberID: subscriber.id)
                inFlight[subscriber.id] = (row.attempts, message.messageID)
                budget -= 1
                summary.attempted += 1
                return MailSubmission(id: String(subscriber.id), sender: messages.envelopeSender, message: message)
            } catch let error as SendJournalError {
                failure = error
                return nil
            } catch {
                // The stored address cannot be mailed, or signing failed for it: fail the row, go on.
                settle(
                    subscriberID: subscriber.id, attempts: row.attempts, messageID: "",
                    outcome: DeliveryOutcome(
                        kind: .rejected, stage: .session, replyCode: 0,
                        replyText: "the message could not be built: \(error)"))
            }
        }
        return nil
    }

    /// Outcomes from the transport.
    func report(_ results: [DeliveryResult]) {
        var journalEntries: [(subscriberID: Int64, outcome: DeliveryOutcome, messageID: String)] = []
        for result in results {
            guard let id = Int64(result.messageID), let flight = inFlight.removeValue(forKey: id) else { continue }
            journalEntries.append((id, result.outcome, flight.messageID))
            settle(subscriberID: id, attempts: flight.attempts, messageID: flight.messageID, outcome: result.outcome)
            if haltReason == nil, haltCheck?.record(result.outcome) == true { haltReason = haltCheck?.reason }
        }
        do {
            try journal.ended(week: week, journalEntries)
        } catch {
            if failure == nil { failure = error }
        }
        flush(force: false)
    }

    private func settle(subscriberID: Int64, attempts: Int, messageID: String, outcome: DeliveryOutcome) {
        // A deferral before the relay looked at the message (it could not be reached, or refused the session) is
        // about the relay, not the message: it does not use up one of the message's attempts.
        let aboutRelay = outcome.concernsTheRelay
        pending.append(
            SQLiteDeliveryLedger.Settlement(
                subscriberID: subscriberID, outcome: outcome, messageID: outcome.kind == .accepted ? messageID : "",
                attempts: attempts, countsAsAttempt: !aboutRelay))
        switch outcome.kind {
        case .accepted: summary.sent += 1
        case .deferred where aboutRelay && outcome.replyCode != 0: summary.requeued += 1
        case .deferred: summary.deferred += 1
        case .rejected: summary.failed += 1
        case .unknown: summary.unknown += 1
        }
        progress?.update(summary)
    }

    private func flush(force: Bool) {
        guard !pending.isEmpty else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - lastFlush.uptimeNanoseconds) / 1e9
        guard force || pending.count >= batchSize || elapsed >= flushInterval else { return }
        do {
            let recorded = try ledger.record(week: week, pending, at: now())
            summary.bounced += recorded.bounced
            summary.failed += recorded.gaveUp
            summary.deferred -= recorded.gaveUp
            pending.removeAll(keepingCapacity: true)
            lastFlush = DispatchTime.now()
        } catch {
            // Left in `pending` and in the journal: the next run settles them.
            if failure == nil { failure = error }
        }
    }
}
