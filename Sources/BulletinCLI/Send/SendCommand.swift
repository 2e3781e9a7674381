import ArgumentParser
import BulletinCore
import BulletinNet
import BulletinStore
import Foundation
import Logging

/// `bulletin send`: compose the week's issue once, and deliver it to every active subscriber exactly once.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send the week's issue to every active subscriber (safe to run again and from cron).",
        discussion: """
            The first send of a week composes the issue (the articles, the rendered parts and the subject) and \
            freezes it; in the same transaction it takes the audience: one delivery row for each subscriber \
            active at that moment. Every later run of that week delivers the rows still queued or deferred, from \
            the frozen issue. Subscribers added after that wait for next week's issue; a subscriber who \
            unsubscribes before their turn is skipped.

            A 4xx reply defers a message: later runs try it again after 15 minutes, 30, 1 hour, … up to [smtp] \
            max_attempts, then it fails. A 5xx reply to RCPT TO fails it and marks the subscriber bounced. When \
            the connection is lost after a message was sent and before the relay answered, the message is \
            "unknown": it is never sent again on its own (a duplicate is worse than a gap); `bulletin status` \
            lists such messages and --retry-unknown sends them again deliberately. A run that is killed leaves at \
            most one unknown message per connection; the next run picks up the rest.

            A refusal that concerns the sender or the session (at connect, EHLO, STARTTLS, AUTH or MAIL FROM: \
            530, 535, 553, 554, 421, TLS and certificate errors) fails nobody: the run stops after the messages \
            in flight, they go back to the queue with the reply kept, and one line names the reply and the key to \
            change. When more than [send] halt_failure_rate of the last [send] halt_window outcomes are permanent \
            failures, the send halts the issue; only --resume sends on. --requeue failed|deferred puts messages \
            back in the queue deliberately (--restore-bounced makes the subscribers they bounced active again). \
            SIGINT and SIGTERM stop taking messages and let those in flight end (at most 10 s).

            Only one send runs per database at a time. For cron, run `send --if-due` every 15 minutes (see \
            `bulletin schedule`): it sends once the [schedule] moment has passed and the issue is not complete, \
            and otherwise exits 0 without a word (also when another send is running: it does the work).

            Exit status: 0 when everything was delivered or nothing was due (a warning on stderr when some \
            messages are unknown); 75 when deferred messages remain (cron retries), another send is running, or \
            the send was interrupted; 69 when the relay is unavailable; 78 when the relay's answer means the \
            configuration must change; 65 when the issue is halted, and for data problems.

            Examples:
              bulletin send
              bulletin send --dry-run /tmp/issue          # write the messages to files, send nothing
              bulletin send --test editor@example.org     # "[TEST]" copies, records nothing
              bulletin send --if-due --quiet              # from cron
              bulletin send --week 2026-W47 --retry-unknown
              bulletin send --week 2026-W47 --resume      # after a halt, once a person looked
              bulletin send --week 2026-W47 --requeue failed --stage rcpt --dry-run
            """
    )

    @OptionGroup var week: WeekOption

    @Flag(help: "Send only when the [schedule] moment has passed and the issue is not complete (for cron).")
    var ifDue = false

    @Option(
        defaultAsFlag: "",
        help: ArgumentHelp(
            "Write each message to DIR/000001.eml, … instead of sending; records nothing. With --requeue, no DIR: "
                + "list what would be queued again.", valueName: "dir"))
    var dryRun: String? = nil

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Send a \"[TEST]\" copy to these addresses only; records nothing.", valueName: "email"))
    var test: [String] = []

    @Option(help: ArgumentHelp("Deliver at most this many messages in this run.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Send again the messages whose delivery is unknown (their recipients may get two copies).")
    var retryUnknown = false

    @Flag(help: "Send on an issue a send halted (too many permanent failures), with the halt check off for this run.")
    var resume = false

    @Option(
        help: ArgumentHelp(
            "Put the week's failed or deferred messages back in the queue, then send.", valueName: "failed|deferred"))
    var requeue: RequeueOptions.State?

    @OptionGroup var requeueOptions: RequeueOptions

    @Flag(name: [.short, .long], help: "Do not ask before sending.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if dryRun != nil && !test.isEmpty { throw ValidationError("--dry-run and --test cannot be used together.") }
        if dryRun == "" && requeue == nil {
            throw ValidationError("--dry-run needs a folder to write the messages to, like --dry-run /tmp/issue.")
        }
        if requeue != nil, let dryRun, !dryRun.isEmpty {
            throw ValidationError("with --requeue, --dry-run takes no folder: it lists what would be queued again.")
        }
        if requeue == nil, requeueOptions.isUsed {
            throw ValidationError("--reply, --stage and --restore-bounced go with --requeue failed|deferred.")
        }
        if ifDue && (resume || requeue != nil) {
            throw ValidationError("--resume and --requeue are a person's decision; they cannot go with --if-due.")
        }
        if requeue != nil && !test.isEmpty { throw ValidationError("--requeue cannot go with --test.") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if retryUnknown && (dryRun != nil || !test.isEmpty) {
            throw ValidationError("--retry-unknown sends for real; it cannot go with --dry-run or --test.")
        }
        if ifDue && week.week != nil { throw ValidationError("--if-due picks the week itself; leave out --week.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let configuration = try global.loadConfiguration()
        SecretFileCheck.warn(configuration, logger: logger)
        let database = try global.openDatabase(configuration)
        let now = try global.now()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: configuration.smtp.maxAttempts))
        if let requeue, dryRun != nil {
            try listRequeue(requeue, configuration: configuration, ledger: ledger, now: now)
            return
        }
        if let dryRun {
            try await DryRun(folder: dryRun, limit: limit).run(
                issue: try issueToShow(configuration, database: database, ledger: ledger, now: now, logger: logger),
                configuration: configuration, ledger: ledger, now: now, logger: logger)
            return
        }
        if !test.isEmpty {
            try await TestSend(addresses: test).run(
                issue: try issueToShow(configuration, database: database, ledger: ledger, now: now, logger: logger),
                configuration: configuration, database: database, now: now, logger: logger)
            return
        }
        try await sendForReal(configuration, database: database, ledger: ledger, now: now, logger: logger)
    }

    /// The issue `--dry-run` and `--test` use, and whether a send froze it.
    struct ShownIssue {
        /// The issue.
        var issue: FrozenIssue
        /// Whether it is the stored one (its ledger says who is still due), or one composed just now.
        var isFrozen: Bool
    }

    /// The issue `--dry-run` and `--test` use: the frozen one, or one composed now (and not stored).
    private func issueToShow(
        _ configuration: Configuration, database: Database, ledger: SQLiteDeliveryLedger, now: Date, logger: Logger
    ) throws -> ShownIssue? {
        let issueWeek = week.issueWeek(configuration, now: now)
        if let frozen = try ledger.issue(week: issueWeek.description) {
            return ShownIssue(issue: frozen, isFrozen: true)
        }
        return try compose(configuration, database: database, week: issueWeek, now: now, logger: logger).map {
            ShownIssue(issue: $0, isFrozen: false)
        }
    }

    /// Selects and renders the issue of `issueWeek`; nil (and a notice) when the week has too few articles.
    private func compose(
        _ configuration: Configuration, database: Database, week issueWeek: IssueWeek, now: Date, logger: Logger
    ) throws -> FrozenIssue? {
        let plan = try DigestPlan.load(
            configuration: configuration, database: database, week: issueWeek, logger: logger)
        if let reason = plan.selection.noIssueReason {
            logger.notice("\(reason)")
            return nil
        }
        let rendered = try plan.renderer().render(plan.issue)
        return FrozenIssue(
            rendered, number: plan.issue.number, articles: plan.selection.chosen.map(\.article.url), at: now)
    }

    private func sendForReal(
        _ configuration: Configuration, database: Database, ledger: SQLiteDeliveryLedger, now: Date, logger: Logger
    ) async throws {
        let lock: SendLock
        do {
            lock = try SendLock(path: SendLock.path(forDatabase: database.path))
        } catch SendLockError.busy(let pid) where ifDue {
            // Cron's tick while a long send runs: that run is doing the work.
            logger.info("another send is running (pid \(pid.map(String.init) ?? "unknown")); it does the work")
            return
        }
        defer { withExtendedLifetime(lock) {} }
        let journalPath = SendJournal.path(forDatabase: database.path)
        if let recovery = try Self.recoverLeftRows(ledger: ledger, journalPath: journalPath, at: now) {
            logger.warning(
                """
                a previous send stopped before it finished: \(recovery.settled) outcomes recovered from its \
                journal, \(recovery.requeued) messages it never sent queued again, \(recovery.unknown) messages \
                whose delivery is unknown
                """)
        }
        SendJournal.remove(path: journalPath)

        // Which issue.
        let schedule = ifDue ? configuration.schedule.due(at: now) : nil
        let issueWeek =
            schedule.map { IssueWeek.lastComplete(before: $0.moment, timeZone: configuration.digest.timeZone) }
            ?? week.issueWeek(configuration, now: now)
        let mayStart = schedule?.mayStart ?? true
        let name = issueWeek.description
        var issue = try ledger.issue(week: name)
        if issue == nil, requeue != nil || resume { throw StatusError.notSent(name) }
        if let frozen = issue, let reason = frozen.haltReason {
            if resume {
                try ledger.resume(week: name)
                logger.info("\(name) was halted (\(reason)); resuming it with the halt check off for this run")
                issue?.haltReason = nil
            } else if requeue == nil {
                // Cron never resumes a halted issue: a person looks first. The line is an error, so that
                // `--quiet` keeps it and cron mails it.
                throw SendStop.halted(week: name, reason: reason)
            }
        }
        if ifDue {
            if let frozen = issue, frozen.completedAt != nil, !retryUnknown {
                logger.debug("\(name) is complete; nothing is due")
                return
            }
            if issue == nil && !mayStart {
                logger.debug(
                    "nothing is due: the next issue goes out \(schedule.map { Timestamp.format($0.next) } ?? "")"
                )
                return
            }
            if let frozen = issue, try ledger.dueCount(week: frozen.week, now: now) == 0, !retryUnknown {
                logger.debug("\(name): no message is due for another attempt yet")
                try finish(week: name, ledger: ledger, now: now, logger: logger, quiet: true)
                return
            }
        }
        if issue == nil {
            guard
                let composed = try compose(configuration, database: database, week: issueWeek, now: now, logger: logger)
            else { return }
            let audience = try SQLiteSubscriberStore(database: database).count(SubscriberFilter(status: .active))
            if !yes, !ifDue, Terminal.inputIsTerminal,
                !Terminal.confirm(
                    "Send issue #\(composed.number) (\(name)), \"\(composed.subject)\", to \(audience) subscribers?")
            {
                Terminal.printError("Nothing was sent.")
                return
            }
            for older in try ledger.unfinishedWeeks(before: name) {
                let warning =
                    "\(older.week) is unfinished: \(older.remaining) of its messages are still queued or deferred and "
                    + "are not retried now that \(name) goes out; `bulletin send --week \(older.week)` sends them"
                logger.warning("\(warning)")
            }
            issue = try ledger.freeze(composed)
            logger.info(
                "froze \(name) (#\(composed.number), \(composed.articles.count) articles) for \(issue?.audience ?? 0) subscribers"
            )
        }
        guard let issue else { return }

        if retryUnknown {
            let unknown = try ledger.counts(week: name)[.unknown] ?? 0
            if unknown > 0, !yes, Terminal.inputIsTerminal,
                !Terminal.confirm("Send \(unknown) messages of \(name) again? Their recipients may get two copies.")
            {
                Terminal.printError("Nothing was sent.")
                return
            }
            let requeued = try ledger.requeueUnknown(week: name, at: now)
            logger.info("\(requeued) messages whose delivery was unknown are queued again")
        }

        if let requeue {
            try requeueRows(requeue, week: name, ledger: ledger, now: now, logger: logger)
            if let reason = try ledger.issue(week: name)?.haltReason {
                throw SendStop.halted(week: name, reason: reason)
            }
        }

        let dueRows = try ledger.dueCount(week: name, now: now)
        if dueRows > 0 {
            let password = try configuration.smtp.password(
                environment: ProcessInfo.processInfo.environment, configurationFile: configuration.file.path)
            let messages = try IssueMessages(issue.rendered, configuration: configuration)
            let journal = try SendJournal(path: journalPath)
            let total = min(dueRows, limit ?? .max)
            let progress = SendProgress(
                total: total, week: name, logger: logger, interactive: Terminal.errorIsTerminal && !global.quiet)
            let delivery = IssueDelivery(
                ledger: ledger, journal: journal, messages: messages, week: name, limit: limit,
                haltCheck: resume ? nil : configuration.send.haltCheck, progress: progress, now: try Clock.source())
            logger.info("sending \(name) to \(total) subscribers through \(configuration.smtp.host)")
            let signals = SendSignals(
                stop: { signal in
                    let grace = Int(SendSignals.gracePeriod)
                    logger.notice("\(signal): taking no new message; waiting up to \(grace) s for those in flight")
                    delivery.requestStop()
                },
                deadline: { signal in Self.abandon(week: name, signal: signal, configuration: configuration) })
            var stopped: (any Error)?
            do {
                try await delivery.run(transport: CurlSMTPTransport(settings: configuration.smtp, password: password))
                signals.disarm()
                SendJournal.remove(path: journalPath)
            } catch let error as SendJournalError {
                throw error
            } catch let error as SQLiteError {
                throw error
            } catch {
                signals.disarm()
                SendJournal.remove(path: journalPath)
                stopped = error
            }
            let summary = delivery.summary
            let elapsed = progress.elapsed
            logger.info(
                """
                \(name): \(summary.sent) sent, \(summary.deferred) deferred, \(summary.failed) failed, \
                \(summary.unknown) unknown, \(summary.skipped) skipped\
                \(summary.requeued > 0 ? ", \(summary.requeued) queued again" : "") \
                in \(String(format: "%.1f", elapsed)) s \
                (\(elapsed > 0 ? Int((Double(summary.attempted) / elapsed).rounded()) : 0) messages/s)\
                \(summary.bounced > 0 ? "; \(summary.bounced) subscribers marked bounced" : "")
                """)
            if let reason = delivery.haltReason, try ledger.dueCount(week: name, now: .distantFuture) > 0 {
                try ledger.halt(week: name, reason: reason, at: (try? Clock.now()) ?? now)
                throw SendStop.halted(week: name, reason: reason)
            }
            if let stopped { throw stopped }
            // Interrupted with messages left: say so. With none left, the run simply finished.
            if let signal = signals.signalName, case let queued = try ledger.pendingCount(week: name), queued > 0 {
                throw SendStop.interrupted(signal: signal, week: name, queued: queued, unknown: 0)
            }
        }
        try finish(week: name, ledger: ledger, now: now, logger: logger, quiet: false)
    }

    /// Marks the issue complete when nothing is pending, and ends with the exit status the ledger calls for.
    private func finish(
        week name: String, ledger: SQLiteDeliveryLedger, now: Date, logger: Logger, quiet: Bool
    )
        throws
    {
        let complete = try ledger.completeIfSettled(week: name, at: (try? Clock.now()) ?? now)
        let counts = try ledger.counts(week: name)
        if let deferred = counts[.deferred], deferred > 0 {
            if quiet { return }
            throw SendIncomplete.deferred(
                week: name, count: deferred, next: try ledger.nextAttempt(week: name), ifDue: ifDue)
        }
        if !complete {
            logger.info("\(name): \(counts[.queued] ?? 0) messages are left for the next run")
            return
        }
        if !quiet {
            let line =
                "\(name) is complete (\(counts[.sent] ?? 0) sent, \(counts[.failed] ?? 0) failed); `bulletin status` "
            logger.info("\(line)shows the details")
        }
        // An idle tick (`quiet`) stays silent: the run that settled these rows said so once.
        if let unknown = counts[.unknown], unknown > 0, !quiet {
            let warning =
                "\(unknown) messages of \(name) may or may not have been delivered; see "
                + "`bulletin status --week \(name)`, and send them again with "
                + "`bulletin send --week \(name) --retry-unknown` if a duplicate is better than a gap."
            logger.warning("\(warning)")
        }
    }
}

/// A send that ended with messages still to deliver later.
enum SendIncomplete: BulletinError {
    case deferred(week: String, count: Int, next: Date?, ifDue: Bool)

    var exitStatus: ExitStatus { .temporaryFailure }

    var description: String {
        switch self {
        case .deferred(let week, let count, let next, let ifDue):
            "\(count) messages of \(week) were deferred by the relay; "
                + (ifDue ? "cron's next run retries them" : "run `bulletin send --week \(week)` again to retry them")
                + (next.map { " from \(Timestamp.format($0))" } ?? "") + " (`bulletin status` shows the replies)."
        }
    }
}
