import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

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

    /// The use case's selection for `state`.
    func selection(_ state: State) -> RequeueDeliveries.Selection {
        RequeueDeliveries.Selection(
            state: state.deliveryState, reply: reply, stages: stage?.stages, restoreBounced: restoreBounced)
    }
}

extension SendCommand {
    /// `--requeue … --dry-run`: lists the rows that would be queued again, and those that would not.
    func listRequeue(_ state: RequeueOptions.State, week name: String, environment: AppEnvironment) throws {
        let ledger = SQLiteDeliveryLedger(
            database: try environment.openDatabase(),
            policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        let listing = try RequeueDeliveries(environment, ledger: ledger, selection: requeueOptions.selection(state))
            .list(week: name)
        let out = Terminal.standardOutput
        var table = TextTable(["address", "reply", "would be"])
        for candidate in listing.candidates {
            let fate =
                candidate.isRequeued(restoreBounced: requeueOptions.restoreBounced)
                ? (candidate.status == .active ? "queued" : "queued, subscriber active again")
                : candidate.bouncedByThisIssue
                    ? "left alone (bounced; add --restore-bounced)" : "left alone (\(candidate.status.rawValue))"
            table.append([candidate.email, candidate.reply, fate])
        }
        if !listing.candidates.isEmpty { table.render().forEach { out.line($0) } }
        out.line(
            "\(listing.chosen) of \(listing.candidates.count) \(state.rawValue) messages of \(name) would be queued "
                + "again; nothing was changed.")
    }
}
