import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation
import Logging

/// The options that narrow `send --requeue`.
struct RequeueOptions: ParsableArguments {
    /// The rows `--requeue` takes.
    enum State: String, ExpressibleByArgument, CaseIterable {
        case failed
        case deferred

        /// The ledger's state.
        var deliveryState: DeliveryState { self == .failed ? .failed : .deferred }
    }

    /// The step a failure happened at, as a person names it.
    enum Stage: String, ExpressibleByArgument, CaseIterable {
        case connect
        case mail
        case rcpt
        case data

        /// The ledger's stages it covers.
        var stages: [DeliveryOutcome.Stage] {
            switch self {
            case .connect: [.session]
            case .mail: [.mailFrom]
            case .rcpt: [.rcptTo]
            case .data: [.data, .endOfData]
            }
        }
    }

    @Option(
        help: ArgumentHelp(
            "With --requeue: only messages whose last reply contains this text (like 550 or \"5.7.1\").",
            valueName: "text"))
    var reply: String?

    @Option(help: ArgumentHelp("With --requeue: only messages that failed at this step.", valueName: "step"))
    var stage: Stage?

    @Flag(help: "With --requeue: make the subscribers those failures bounced active again.")
    var restoreBounced = false

    /// Whether any of these options was given.
    var isUsed: Bool { reply != nil || stage != nil || restoreBounced }

    /// The ledger filter for `state`.
    func filter(_ state: State) -> SQLiteDeliveryLedger.RequeueFilter {
        SQLiteDeliveryLedger.RequeueFilter(
            state: state.deliveryState, reply: reply, stages: stage.map { $0.stages.map(\.rawValue) })
    }
}

extension SendCommand {
    /// `--requeue … --dry-run`: lists the rows that would be queued again, and those that would not.
    func listRequeue(
        _ state: RequeueOptions.State, configuration: Configuration, ledger: SQLiteDeliveryLedger, now: Date
    ) throws {
        let name = week.issueWeek(configuration, now: now).description
        guard try ledger.issue(week: name) != nil else { throw StatusError.notSent(name) }
        let candidates = try ledger.requeueCandidates(week: name, requeueOptions.filter(state))
        let out = Terminal.standardOutput
        var table = TextTable(["address", "reply", "would be"])
        for candidate in candidates {
            let fate =
                candidate.isRequeued(restoreBounced: requeueOptions.restoreBounced)
                ? (candidate.status == .active ? "queued" : "queued, subscriber active again")
                : candidate.bouncedByThisIssue
                    ? "left alone (bounced; add --restore-bounced)" : "left alone (\(candidate.status.rawValue))"
            table.append([candidate.email, candidate.reply, fate])
        }
        if !candidates.isEmpty { table.render().forEach { out.line($0) } }
        let chosen = candidates.filter { $0.isRequeued(restoreBounced: requeueOptions.restoreBounced) }.count
        out.line(
            "\(chosen) of \(candidates.count) \(state.rawValue) messages of \(name) would be queued again; "
                + "nothing was changed.")
    }

    /// `--requeue`: puts the chosen rows back in the queue before the send goes on.
    func requeueRows(
        _ state: RequeueOptions.State, week name: String, ledger: SQLiteDeliveryLedger, now: Date, logger: Logger
    ) throws {
        let candidates = try ledger.requeueCandidates(week: name, requeueOptions.filter(state))
        let done = try ledger.requeue(
            week: name, candidates, restoreBounced: requeueOptions.restoreBounced, at: now)
        let restored = done.restored > 0 ? "; \(done.restored) bounced subscribers are active again" : ""
        logger.info("\(done.requeued) \(state.rawValue) messages of \(name) are queued again\(restored)")
        if done.leftAlone > 0 {
            let bounced = candidates.filter {
                $0.bouncedByThisIssue && !$0.isRequeued(restoreBounced: requeueOptions.restoreBounced)
            }.count
            let hint = bounced > 0 ? " (\(bounced) bounced by this issue; --restore-bounced queues them too)" : ""
            logger.warning("\(done.leftAlone) messages were left alone: their subscribers are not active\(hint)")
        }
    }

    /// The signal's grace period is over and messages are still in flight: settles the ledger from the journal
    /// on a connection of its own (outcomes known are kept, messages never handed over are queued again, those
    /// still in flight become `unknown`), says so in one line, and exits 75.
    static func abandon(week name: String, signal: String, databasePath: String, busyTimeout: Int) -> Never {
        var queued = 0
        var unknown = 0
        do {
            let database = try Database(path: databasePath, mode: .existing, busyTimeout: busyTimeout)
            let ledger = SQLiteDeliveryLedger(database: database, policy: RetryPolicy(maxAttempts: 1))
            let left = try ledger.sendingRows()
            let journalPath = SendJournal.path(forDatabase: databasePath)
            let replay = try SendJournal.read(path: journalPath) { left.contains($0) }
            let recovery = try ledger.recover(replay, at: (try? Clock.now()) ?? Date())
            unknown = recovery.unknown
            let counts = try ledger.counts(week: name)
            queued = (counts[.queued] ?? 0) + (counts[.deferred] ?? 0)
        } catch {
            // The next send recovers from the journal what could not be settled now.
            Terminal.printError(
                "bulletin: warning: the ledger could not be settled now (\(error)); the next send does it")
        }
        let stop = SendStop.interrupted(signal: signal, week: name, queued: queued, unknown: unknown)
        Terminal.printError("bulletin: error: \(stop)")
        Foundation.exit(stop.exitStatus.rawValue)
    }
}
