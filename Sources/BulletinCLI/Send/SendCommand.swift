import ArgumentParser
import BulletinApp
import BulletinCore
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

            Before it freezes a new issue, send runs the preflight `bulletin check` shows: a blocking finding (an \
            article link answering 404 or 410, an HTML part over 102 KB) stops it with exit 65, nothing frozen or \
            sent, one line per problem; --force sends anyway. Warnings are logged and the issue goes out. A week \
            already frozen is not checked again.

            Only one send runs per database at a time. For cron, run `send --if-due` every 15 minutes (see \
            `bulletin schedule`): it sends once the [schedule] moment has passed and the issue is not complete, \
            and otherwise exits 0 without a word (also when another send is running: it does the work). Before \
            it composes a new issue, --if-due (or --refresh) imports what is new in [sources], as `bulletin \
            refresh` does; when every feed fails the issue waits and the exit status is 69.

            Exit status: 0 when everything was delivered or nothing was due (a warning on stderr when some \
            messages are unknown); 75 when deferred messages remain (cron retries), another send is running, or \
            the send was interrupted; 69 when the relay is unavailable or every feed of [sources] failed; 78 when \
            the relay's answer means the configuration must change; 65 when the issue is halted or the preflight \
            blocks it, and for data problems.

            Examples:
              bulletin send
              bulletin send --dry-run /tmp/issue          # write the messages to files, send nothing
              bulletin send --test editor@example.org     # "[TEST]" copies, records nothing
              bulletin send --if-due --quiet              # from cron
              bulletin send --force                       # past the preflight's blocking findings
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

    @Flag(help: "Freeze and send even when the preflight (`bulletin check`) finds blocking problems.")
    var force = false

    @Flag(help: "Import what is new in [sources] before composing a new issue (--if-due always does).")
    var refresh = false

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
        let environment = try global.environment(logger: logger)
        SecretFileCheck.warn(environment.configuration, logger: logger)
        let issueWeek = week.issueWeek(environment.configuration, now: environment.now())
        if let requeue, dryRun != nil {
            try listRequeue(requeue, week: issueWeek.description, environment: environment)
            return
        }
        if let dryRun {
            try DryRun(environment, folder: dryRun, limit: limit).run(week: issueWeek)
            return
        }
        if !test.isEmpty {
            try await testSend(week: issueWeek, environment: environment)
            return
        }
        let cancellation = SendCancellation()
        let asks = !yes && Terminal.inputIsTerminal
        let send = SendIssue(
            environment,
            options: SendIssue.Options(
                ifDue: ifDue, limit: limit, retryUnknown: retryUnknown, resume: resume,
                requeue: requeue.map(requeueOptions.selection),
                showsProgressBar: Terminal.errorIsTerminal && !global.quiet, force: force,
                refresh: refresh || ifDue),
            confirm: asks ? { Terminal.confirm($0) } : nil, cancellation: cancellation,
            watchDelivery: { name in
                SendSignals(
                    cancellation: cancellation,
                    stop: { signal in
                        let grace = Int(SendSignals.gracePeriod)
                        logger.notice("\(signal): taking no new message; waiting up to \(grace) s for those in flight")
                        cancellation.requestStop()
                    },
                    deadline: { signal in Self.abandon(week: name, signal: signal, environment: environment) })
            })
        let report = try await send.run(week: issueWeek)
        if report.outcome == .declined { Terminal.printError("Nothing was sent.") }
    }

    /// `--test`: sends the copies and prints what the relay said to each.
    private func testSend(week issueWeek: IssueWeek, environment: AppEnvironment) async throws {
        guard let report = try await TestSend(environment, addresses: test).run(week: issueWeek) else { return }
        for (address, outcome) in report.outcomes {
            Terminal.standardOutput.line("\(address.value): \(outcome)")
        }
        environment.logger.info(
            "sent test copies of \(report.week) to \(test.count.counted("address", "addresses")); nothing was recorded")
        switch report.worst {
        case .accepted, .unknown: return
        case .deferred: throw TestSendError.deferred
        case .rejected: throw TestSendError.refused
        }
    }
}
