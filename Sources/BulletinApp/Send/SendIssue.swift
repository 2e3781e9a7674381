import BulletinCore
import BulletinStore
import Foundation

/// `bulletin send`: recovers what a dead run left, picks the issue (by the schedule for cron), composes and
/// freezes it at the first run of its week, delivers every due message once, and says how the issue stands.
///
/// What a person must see goes to the environment's logger as it happens; what must stop the run with an exit
/// status is thrown (``SendStop``, ``SendIncomplete``, ``StatusError``, the transport's and the store's errors).
public struct SendIssue {
    /// How to send.
    public struct Options: Sendable, Equatable {
        /// Send only when the schedule's moment has passed and the issue is not complete (cron); the week is then
        /// the schedule's.
        public var ifDue: Bool
        /// Deliver at most this many messages.
        public var limit: Int?
        /// Send again the messages whose delivery is unknown.
        public var retryUnknown: Bool
        /// Send on a halted issue, with the halt check off for this run.
        public var resume: Bool
        /// Put these rows back in the queue first.
        public var requeue: RequeueDeliveries.Selection?
        /// Draw a progress bar on stderr instead of logging progress every 10 seconds.
        public var showsProgressBar: Bool
        /// Freeze and send even when the preflight finds blocking problems (they are logged as warnings).
        public var force: Bool
        /// Refresh the sources of `[sources]` (when it lists any) before composing a new issue; when every feed
        /// fails, the issue waits (``RefreshSourcesError/everyFeedFailed(count:)``).
        public var refresh: Bool

        /// The options of a plain `send`, changed where given.
        public init(
            ifDue: Bool = false, limit: Int? = nil, retryUnknown: Bool = false, resume: Bool = false,
            requeue: RequeueDeliveries.Selection? = nil, showsProgressBar: Bool = false, force: Bool = false,
            refresh: Bool = false
        ) {
            self.force = force
            self.refresh = refresh
            self.ifDue = ifDue
            self.limit = limit
            self.retryUnknown = retryUnknown
            self.resume = resume
            self.requeue = requeue
            self.showsProgressBar = showsProgressBar
        }
    }

    /// Where it runs.
    public let environment: AppEnvironment
    /// How.
    public let options: Options
    /// Asks a person to confirm (freezing an issue, sending unknown messages again); nil sends without asking.
    public let confirm: ((String) -> Bool)?
    /// Stops the delivery from outside (the CLI's signals).
    public let cancellation: SendCancellation
    /// Checks the article links before an issue is frozen; nil: the environment's libcurl checker.
    public let links: (any LinkChecker)?
    /// Called with the week just before the delivery starts; what it returns is kept until the delivery's
    /// summary is logged (the CLI's signal handlers, which must not outlive it).
    public let watchDelivery: ((String) -> AnyObject?)?

    /// A send in `environment`.
    public init(
        _ environment: AppEnvironment, options: Options = Options(), confirm: ((String) -> Bool)? = nil,
        cancellation: SendCancellation = SendCancellation(), watchDelivery: ((String) -> AnyObject?)? = nil,
        links: (any LinkChecker)? = nil
    ) {
        self.links = links
        self.environment = environment
        self.options = options
        self.confirm = confirm
        self.cancellation = cancellation
        self.watchDelivery = watchDelivery
    }

    /// Sends `issueWeek`'s issue (with ``Options/ifDue``, the schedule's week instead).
    ///
    /// - Returns: what the run did; see ``SendReport``.
    /// - Throws: ``SendStop`` for a halted or interrupted issue, ``SendIncomplete`` when deferred messages remain,
    ///   ``StatusError`` for `--requeue`/`--resume` of a week never sent, ``SendLockError`` when another send runs
    ///   (not with ``Options/ifDue``), the transport's errors when the relay cannot be used, the store's errors.
    public func run(week issueWeek: IssueWeek) async throws -> SendReport {
        let configuration = environment.configuration
        let logger = environment.logger
        let database = try environment.openDatabase()
        let now = environment.now()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: configuration.smtp.maxAttempts))
        let lock: SendLock
        do {
            lock = try SendLock(path: SendLock.path(forDatabase: database.path))
        } catch SendLockError.busy(let pid) where options.ifDue {
            // Cron's tick while a long send runs: that run is doing the work.
            logger.info("another send is running (pid \(pid.map(String.init) ?? "unknown")); it does the work")
            return SendReport(outcome: .anotherSendRuns)
        }
        defer { withExtendedLifetime(lock) {} }
        let journalPath = SendJournal.path(forDatabase: database.path)
        if let recovery = try SendRecovery.recoverLeftRows(ledger: ledger, journalPath: journalPath, at: now) {
            logger.warning(
                """
                a previous send stopped before it finished: \(recovery.settled) outcomes recovered from its \
                journal, \(recovery.requeued) messages it never sent queued again, \(recovery.unknown) messages \
                whose delivery is unknown
                """)
        }
        SendJournal.remove(path: journalPath)

        // Which issue.
        let schedule = options.ifDue ? configuration.schedule.due(at: now) : nil
        let issueWeek =
            schedule.map { IssueWeek.lastComplete(before: $0.moment, timeZone: configuration.digest.timeZone) }
            ?? issueWeek
        let mayStart = schedule?.mayStart ?? true
        let name = issueWeek.description
        var issue = try ledger.issue(week: name)
        if issue == nil, options.requeue != nil || options.resume { throw StatusError.notSent(name) }
        if let frozen = issue, let reason = frozen.haltReason {
            if options.resume {
                try ledger.resume(week: name)
                logger.info("\(name) was halted (\(reason)); resuming it with the halt check off for this run")
                issue?.haltReason = nil
            } else if options.requeue == nil {
                // Cron never resumes a halted issue: a person looks first. The line is an error, so that
                // `--quiet` keeps it and cron mails it.
                throw SendStop.halted(week: name, reason: reason)
            }
        }
        if options.ifDue {
            if let frozen = issue, frozen.completedAt != nil, !options.retryUnknown {
                logger.debug("\(name) is complete; nothing is due")
                return SendReport(outcome: .notDue, week: name)
            }
            if issue == nil && !mayStart {
                logger.debug(
                    "nothing is due: the next issue goes out \(schedule.map { Timestamp.format($0.next) } ?? "")"
                )
                return SendReport(outcome: .notDue, week: name)
            }
            if let frozen = issue, try ledger.dueCount(week: frozen.week, now: now) == 0, !options.retryUnknown {
                logger.debug("\(name): no message is due for another attempt yet")
                var report = SendReport(outcome: .notDue, week: name)
                try finish(week: name, ledger: ledger, now: now, quiet: true, into: &report)
                return report
            }
        }
        if issue == nil {
            try refreshSources(database: database)
            guard let draft = try ComposeIssue(environment).composed(week: issueWeek, database: database) else {
                return SendReport(outcome: .noIssue, week: name)
            }
            try preflight(draft)
            let composed = draft.frozen(at: now)
            let audience = try SQLiteSubscriberStore(database: database).count(SubscriberFilter(status: .active))
            if !options.ifDue, let confirm,
                !confirm(
                    "Send issue #\(composed.number) (\(name)), \"\(composed.subject)\", to \(audience.counted("subscriber"))?"
                )
            {
                return SendReport(outcome: .declined, week: name)
            }
            for older in try ledger.unfinishedWeeks(before: name) {
                let warning =
                    "\(older.week) is unfinished: \(older.remaining) of its messages are still queued or deferred and "
                    + "are not retried now that \(name) goes out; `bulletin send --week \(older.week)` sends them"
                logger.warning("\(warning)")
            }
            issue = try ledger.freeze(composed)
            logger.info(
                "froze \(name) (#\(composed.number), \(composed.articles.count.counted("article"))) for \((issue?.audience ?? 0).counted("subscriber"))"
            )
        }
        guard let issue else { return SendReport(outcome: .noIssue, week: name) }

        if options.retryUnknown {
            let unknown = try ledger.counts(week: name)[.unknown] ?? 0
            if unknown > 0, let confirm,
                !confirm("Send \(unknown.counted("message")) of \(name) again? Their recipients may get two copies.")
            {
                return SendReport(outcome: .declined, week: name)
            }
            let requeued = try ledger.requeueUnknown(week: name, at: now)
            logger.info("\(requeued.counted("message")) whose delivery was unknown \(requeued.isOrAre) queued again")
        }

        if let selection = options.requeue {
            try RequeueDeliveries(environment, ledger: ledger, selection: selection).run(week: name, at: now)
            if let reason = try ledger.issue(week: name)?.haltReason {
                throw SendStop.halted(week: name, reason: reason)
            }
        }

        var report = SendReport(outcome: .sent, week: name)
        let dueRows = try ledger.dueCount(week: name, now: now)
        if dueRows > 0 {
            report.summary = try await deliver(
                issue, dueRows: dueRows, ledger: ledger, journalPath: journalPath, now: now)
        }
        try finish(week: name, ledger: ledger, now: now, quiet: false, into: &report)
        return report
    }

    /// With ``Options/refresh`` and sources configured, imports what is new before a new issue is composed; each
    /// failed source is a warning.
    ///
    /// - Throws: ``RefreshSourcesError/everyFeedFailed(count:)`` when there are feeds and none could be read.
    private func refreshSources(database: Database) throws {
        let configuration = environment.configuration
        guard options.refresh, let sources = configuration.sources, !sources.isEmpty else { return }
        let logger = environment.logger
        let report = try RefreshSources(
            sources: sources, database: database, now: environment.now(), timeZone: configuration.digest.timeZone,
            site: configuration.newsletter.siteURL, logger: logger
        ).run()
        for warning in report.warnings { logger.warning("refresh: \(warning)") }
        if report.everyFeedFailed {
            throw RefreshSourcesError.everyFeedFailed(count: report.entries.filter { $0.kind == .feed }.count)
        }
        logger.info("\(report.summary)")
    }

    /// Runs the preflight on an issue about to be frozen: logs every finding and throws when one blocks
    /// (unless ``Options/force``).
    private func preflight(_ draft: ComposedIssue) throws {
        let logger = environment.logger
        let report = Preflight(environment, links: links).check(draft.plan, rendered: draft.rendered)
        for finding in report.findings {
            if finding.isBlocking && !options.force {
                logger.error("preflight: \(finding.message)")
            } else if finding.isBlocking {
                logger.warning("preflight: \(finding.message) (sent anyway: --force)")
            } else if finding.check != .newestFallback {
                // The fallback was logged already, when the selection was made.
                logger.warning("preflight: \(finding.message)")
            }
        }
        if report.blocks && !options.force {
            throw PreflightBlocked(week: report.week, count: report.blocking.count, stoppedSend: true)
        }
    }

    /// Delivers the due rows of `issue` and logs the summary.
    private func deliver(
        _ issue: FrozenIssue, dueRows: Int, ledger: SQLiteDeliveryLedger, journalPath: String, now: Date
    ) async throws -> IssueDelivery.Summary {
        let configuration = environment.configuration
        let logger = environment.logger
        let name = issue.week
        let transport = try environment.transport()
        let messages = try IssueMessages(issue.rendered, environment: environment)
        let journal = try SendJournal(path: journalPath)
        let total = min(dueRows, options.limit ?? .max)
        let progress = SendProgress(
            total: total, week: name, logger: logger, interactive: options.showsProgressBar)
        let delivery = IssueDelivery(
            ledger: ledger, journal: journal, messages: messages, week: name, limit: options.limit,
            haltCheck: options.resume ? nil : configuration.send.haltCheck, progress: progress,
            cancellation: cancellation, now: environment.now)
        logger.info("sending \(name) to \(total.counted("subscriber")) through \(configuration.smtp.host)")
        let watch = watchDelivery?(name)
        defer { withExtendedLifetime(watch) {} }
        var stopped: (any Error)?
        do {
            try await delivery.run(transport: transport)
            cancellation.endDelivery()
            SendJournal.remove(path: journalPath)
        } catch let error as SendJournalError {
            throw error
        } catch let error as SQLiteError {
            throw error
        } catch {
            cancellation.endDelivery()
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
            \(summary.bounced > 0 ? "; \(summary.bounced.counted("subscriber")) marked bounced" : "")
            """)
        if let reason = delivery.haltReason, try ledger.dueCount(week: name, now: .distantFuture) > 0 {
            try ledger.halt(week: name, reason: reason, at: environment.now())
            throw SendStop.halted(week: name, reason: reason)
        }
        if let stopped { throw stopped }
        // Interrupted with messages left: say so. With none left, the run simply finished.
        if let signal = cancellation.reason, case let queued = try ledger.pendingCount(week: name), queued > 0 {
            throw SendStop.interrupted(signal: signal, week: name, queued: queued, unknown: 0)
        }
        return summary
    }

    /// Marks the issue complete when nothing is pending, and throws when deferred messages remain.
    private func finish(
        week name: String, ledger: SQLiteDeliveryLedger, now: Date, quiet: Bool, into report: inout SendReport
    ) throws {
        let logger = environment.logger
        let complete = try ledger.completeIfSettled(week: name, at: environment.now())
        let counts = try ledger.counts(week: name)
        report.counts = counts
        report.isComplete = complete
        if let deferred = counts[.deferred], deferred > 0 {
            if quiet { return }
            throw SendIncomplete.deferred(
                week: name, count: deferred, next: try ledger.nextAttempt(week: name), ifDue: options.ifDue)
        }
        if !complete {
            logger.info(
                "\(name): \((counts[.queued] ?? 0).counted("message")) \((counts[.queued] ?? 0).isOrAre) left for the next run"
            )
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
                "\(unknown.counted("message")) of \(name) may or may not have been delivered; see "
                + "`bulletin status --week \(name)`, and send them again with "
                + "`bulletin send --week \(name) --retry-unknown` if a duplicate is better than a gap."
            logger.warning("\(warning)")
        }
    }
}

/// What one `send` did.
public struct SendReport: Sendable, Equatable {
    /// How the run ended.
    public enum Outcome: Sendable, Equatable {
        /// The issue went out (or nothing was due in it): see ``SendReport/summary`` and the counts.
        case sent
        /// A person answered no; nothing was sent.
        case declined
        /// `--if-due`: nothing is due now.
        case notDue
        /// `--if-due`: another send is running and does the work.
        case anotherSendRuns
        /// The week has too few articles for an issue.
        case noIssue
    }

    /// How the run ended.
    public var outcome: Outcome
    /// The issue's week; nil when no week was looked at.
    public var week: String?
    /// This run's delivery; nil when nothing was due.
    public var summary: IssueDelivery.Summary?
    /// The issue's messages per state after the run (empty when the run did not get that far).
    public var counts: [DeliveryState: Int] = [:]
    /// Whether every message of the issue is settled.
    public var isComplete = false

    /// A report of `outcome`.
    public init(outcome: Outcome, week: String? = nil) {
        self.outcome = outcome
        self.week = week
    }
}
