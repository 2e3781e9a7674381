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
/// Messages are built and signed ahead of the transport on one thread per core (``MessagePipeline``), at most
/// ``pipelineCapacity`` at a time, in the order the rows were claimed: signing, the costly part, runs beside the
/// transport's thread instead of on it.
///
/// The transport calls ``next()`` and ``report(_:)`` from its one delivery thread, never at the same time; the
/// state here is touched only from there (and read by the caller after ``run(transport:)`` returns). The builder
/// threads see only the rows handed to them.
///
/// `@unchecked Sendable`, the one left in the send: the ledger is the caller's connection, used by the caller
/// before and after ``run(transport:)`` and by the transport's one thread during it, never at the same time (the
/// caller awaits the run); a `Mutex` could not hold it, as the caller keeps it. The stop request is in
/// ``SendCancellation``'s `Mutex`.
public final class IssueDelivery: @unchecked Sendable {
    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Messages handed to the relay.
        public var attempted = 0
        /// Accepted by the relay.
        public var sent = 0
        /// Deferred (to be tried again later).
        public var deferred = 0
        /// Failed: rejected, or out of attempts.
        public var failed = 0
        /// The relay may or may not have them.
        public var unknown = 0
        /// Subscribers who stopped being active before their turn.
        public var skipped = 0
        /// Subscribers marked bounced.
        public var bounced = 0
        /// Back in the queue: the relay refused the session or the sender, which is no recipient's failure.
        public var requeued = 0
    }

    private let ledger: SQLiteDeliveryLedger
    private let journal: SendJournal
    private let messages: IssueMessages
    private let week: String
    private let now: () -> Date
    private let progress: SendProgress?
    private let batchSize = 100
    private let flushInterval = 0.25
    /// Messages built ahead of the transport at most: enough to keep every session and core busy, few enough
    /// that memory does not grow with the audience.
    private let pipelineCapacity = 64
    private let builders: Int

    private var haltCheck: HaltCheck?
    /// Set from a signal handler's thread: stop taking messages.
    private let cancellation: SendCancellation
    /// Why the run halted itself (too many permanent failures among the latest outcomes); nil when it did not.
    public private(set) var haltReason: String?

    private var budget: Int
    private var lastID: Int64 = 0
    private var exhausted = false
    private var claimed: ArraySlice<SQLiteDeliveryLedger.Claimed> = []
    private var pipeline: MessagePipeline<Build, Result<OutgoingMessage, any Error>>?
    private var inFlight: [Int64: (attempts: Int, messageID: String)] = [:]
    private var pending: [SQLiteDeliveryLedger.Settlement] = []
    private var lastFlush = DispatchTime.now()
    public private(set) var summary = Summary()
    /// The first error that stopped the run from the inside (the ledger or the journal could not be written).
    private(set) var failure: (any Error)?

    /// A claimed row on its way to the builder threads, with the time its message is dated.
    private struct Build: Sendable {
        var row: SQLiteDeliveryLedger.Claimed
        var date: Date
    }

    /// Prepares a run over `week`'s due rows; `limit` caps the messages handed over; `haltCheck` (nil: off)
    /// halts the run when too many of the latest outcomes are permanent failures; `builders` threads build and
    /// sign the messages; `cancellation` stops it from outside.
    public init(
        ledger: SQLiteDeliveryLedger, journal: SendJournal, messages: IssueMessages, week: String, limit: Int?,
        haltCheck: HaltCheck? = nil, progress: SendProgress?, cancellation: SendCancellation = SendCancellation(),
        builders: Int = ProcessInfo.processInfo.activeProcessorCount, now: @escaping () -> Date
    ) {
        self.haltCheck = haltCheck
        self.cancellation = cancellation
        self.builders = max(1, builders)
        self.ledger = ledger
        self.journal = journal
        self.messages = messages
        self.week = week
        self.budget = limit ?? Int.max
        self.progress = progress
        self.now = now
    }

    /// Delivers through `transport` until no row is due, the limit is reached, the relay or the sender is
    /// refused, the run halts itself (``haltReason``) or its ``SendCancellation`` asks it to stop; then records everything still
    /// pending and puts the rows claimed or built but never handed over back in the queue.
    ///
    /// - Throws: the transport's error when the relay cannot be used, or the ledger's or journal's
    ///   error; in every case the outcomes known so far are in the ledger (or, failing that, in the journal).
    public func run(transport: any MailTransport) async throws {
        let messages = self.messages
        let pipeline = MessagePipeline<Build, Result<OutgoingMessage, any Error>>(
            workers: builders, name: "bulletin-build"
        ) { build in
            Result { try messages.message(for: build.row.subscriber, date: build.date) }
        }
        self.pipeline = pipeline
        var transportError: (any Error)?
        do {
            try await transport.deliver(next: { self.next() }, report: { self.report($0) })
        } catch {
            transportError = error
        }
        // Rows claimed or built but never handed over go back to the queue.
        let unsent = Array(claimed) + pipeline.finish().map(\.row)
        self.pipeline = nil
        claimed = []
        flush(force: true)
        if !unsent.isEmpty {
            do {
                try ledger.release(week: week, subscriberIDs: unsent.map(\.subscriber.id), at: now())
            } catch {
                if failure == nil { failure = error }
            }
        }
        progress?.finish()
        if let failure { throw failure }
        if let transportError { throw transportError }
    }

    /// Whether the run was asked to stop.
    var wasStopped: Bool { cancellation.isStopRequested }

    /// The next message, or nil when the run should stop.
    func next() -> MailSubmission? {
        guard let pipeline else { return nil }
        while failure == nil, haltReason == nil, !wasStopped {
            fill(pipeline)
            guard let (build, built) = pipeline.take() else { return nil }
            let subscriber = build.row.subscriber
            do {
                let message = try built.get()
                try journal.handingOver(week: week, subscriberID: subscriber.id)
                inFlight[subscriber.id] = (build.row.attempts, message.messageID)
                budget -= 1
                summary.attempted += 1
                return MailSubmission(
                    id: DeliveryID(subscriber.id), sender: messages.envelopeSender(for: subscriber), message: message)
            } catch let error as SendJournalError {
                failure = error
                return nil
            } catch {
                // The stored address cannot be mailed, or signing failed for it: fail the row, go on.
                settle(
                    subscriberID: subscriber.id, attempts: build.row.attempts, messageID: "",
                    outcome: DeliveryOutcome(
                        kind: .rejected, stage: .session, replyCode: 0,
                        replyText: "the message could not be built: \(error)"))
            }
        }
        return nil
    }

    /// Claims rows and hands them to the builders until the pipeline is full, the limit is covered or no row is due;
    /// only once the pipeline is down to half, so that the builders wake for many messages at a time.
    private func fill(_ pipeline: MessagePipeline<Build, Result<OutgoingMessage, any Error>>) {
        var queued = pipeline.count
        guard queued <= pipelineCapacity / 2 else { return }
        while failure == nil, queued < pipelineCapacity, budget > queued {
            guard let row = claimed.popFirst() else {
                if exhausted { return }
                flush(force: true)
                do {
                    let claim = try ledger.claim(
                        week: week, after: lastID, limit: min(batchSize, budget - queued), now: now())
                    guard let last = claim.lastID else {
                        exhausted = true
                        return
                    }
                    lastID = last
                    summary.skipped += claim.skipped
                    claimed = claim.claimed[...]
                } catch {
                    failure = error
                }
                continue
            }
            pipeline.submit(Build(row: row, date: now()))
            queued += 1
        }
    }

    /// Outcomes from the transport.
    func report(_ results: [DeliveryResult]) {
        var journalEntries: [(subscriberID: Int64, outcome: DeliveryOutcome, messageID: String)] = []
        for result in results {
            let id = result.id.rawValue
            guard let flight = inFlight.removeValue(forKey: id) else { continue }
            journalEntries.append((id, result.outcome, flight.messageID))
            if haltReason == nil, haltCheck?.record(result.outcome) == true { haltReason = haltCheck?.reason }
            settle(subscriberID: id, attempts: flight.attempts, messageID: flight.messageID, outcome: result.outcome)
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
