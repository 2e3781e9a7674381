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
}
