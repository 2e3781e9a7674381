import ArgumentParser
import BulletinApp
import BulletinCore
import Foundation

/// `bulletin inbound`: reads bounces, complaints and unsubscribes by mail, and acts on them.
struct InboundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbound",
        abstract: "Read bounces, spam complaints and unsubscribe mails, and update the subscribers they name.",
        discussion: """
            Reads RFC 5322 messages from each PATH: a message file, a folder of message files, a Maildir (its new/ \
            messages, moved to cur/ once processed), an mbox file, or - for one message on standard input (a \
            Postfix pipe transport or a .forward). With --fetch, also from the [inbound] mailbox over IMAP or POP3: \
            each processed message is flagged read, moved to [inbound] processed_folder, or (POP3) deleted; one \
            that could not be processed stays for the next run; with --dry-run every message stays as it was.

            Each message is classified: a delivery status notification or an MTA's plain bounce (hard: the \
            address or its domain does not exist, the user moved; soft: mailbox full, deferred, blocked, policy), \
            a feedback-loop complaint (ARF), a mail to the List-Unsubscribe address, an automatic reply, or \
            something else. A report acts only on a delivery of ours it identifies: by the VERP tag of \
            [bounces] address (verified), else by a signed unsubscribe token, else by the address of someone an \
            issue was sent to. Hard → bounced at once; soft → bounced after [bounces] soft_limit soft bounces on \
            different days within window_days; complaint → complained; unsubscribe → unsubscribed; the rest is \
            recorded. Every change is in the subscriber's history with the report's status and diagnostic.

            Prints a summary; --json prints one JSON object per line per recipient found instead: source, kind \
            (hard, soft, complaint, unsubscribe, auto-reply, other), recipient, status, diagnostic, delivery \
            (null when no delivery of ours is identified) and outcome.

            Exit status: 0 when every message was read (unidentified, forged and unreadable messages are counted, \
            not errors), 66 when a PATH is not there, 74 when one cannot be read or a Maildir message cannot be \
            moved, 75 when the database stays busy, 78 for the configuration (and for a mailbox that refuses the \
            login or has no such folder), 69 when the mailbox server cannot be reached.

            Examples:
              bulletin inbound ~/Maildir/.Bounces
              bulletin inbound --dry-run --json bounces.mbox
              bulletin inbound -          (from a Postfix pipe transport)
              bulletin inbound --fetch --quiet   (from cron, beside send)
            """
    )

    @Argument(
        help: ArgumentHelp("Message files, folders, Maildirs, mbox files, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Also read the [inbound] mailbox (IMAP or POP3) and mark what was processed.")
    var fetch = false

    @Flag(name: .customLong("dry-run"), help: "Say what would be done; change nothing and move no message.")
    var dryRun = false

    @Flag(help: "Print one JSON object per line per recipient found instead of the summary.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if paths.isEmpty, !fetch {
            throw ValidationError("give at least one PATH (a file, folder, Maildir, mbox, or -), or --fetch.")
        }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let processor = try ProcessInbound(environment, dryRun: dryRun)
        let out = Terminal.standardOutput
        let encoder = JSONOutput.encoder(pretty: false)
        let print: ([InboundResult]) throws -> Void = { results in
            guard json else { return }
            for result in results {
                out.line(String(decoding: try encoder.encode(InboundResultJSON(result)), as: UTF8.self))
            }
        }
        for path in paths {
            try processor.processMailbox(path, each: print)
        }
        if fetch {
            let counts = try FetchInbound(environment: environment).run(
                leaveAll: dryRun,
                process: { bytes, source in try print(try processor.process(bytes[...], source: source)) },
                failed: { logger.warning("\($0.source) was left in the mailbox: \($0.reason)") })
            if counts.failed > 0 {
                logger.warning(
                    "\(counts.failed.counted("message")) could not be processed; the next --fetch tries again")
            }
        }
        if !json { InboundSummaryText(summary: processor.summary, dryRun: dryRun).lines().forEach { out.line($0) } }
    }
}

/// One `--json` line: stable keys, `null` for what is unknown.
struct InboundResultJSON: Encodable {
    /// The result written.
    let result: InboundResult

    /// The line for `result`.
    init(_ result: InboundResult) { self.result = result }

    private enum Keys: String, CodingKey {
        case source, kind, recipient, status, diagnostic, delivery, outcome
        case week, subscriber
        case identifiedBy = "identified_by"
    }

    /// Writes every key, `null` for what is unknown (a synthesized encoding would leave those keys out).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(result.source, forKey: .source)
        try container.encode(result.finding.kind.rawValue, forKey: .kind)
        try container.encode(result.finding.recipient, forKey: .recipient)
        try container.encode(result.finding.status, forKey: .status)
        try container.encode(result.finding.diagnostic, forKey: .diagnostic)
        if let delivery = result.delivery {
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .delivery)
            try nested.encode(delivery.week, forKey: .week)
            try nested.encode(delivery.subscriber, forKey: .subscriber)
            try nested.encode(delivery.identifiedBy, forKey: .identifiedBy)
        } else {
            try container.encodeNil(forKey: .delivery)
        }
        try container.encode(result.outcome, forKey: .outcome)
    }
}

/// The summary `inbound` prints.
struct InboundSummaryText {
    /// The counts.
    let summary: InboundSummary
    /// Whether nothing was changed.
    let dryRun: Bool

    /// The lines printed.
    func lines() -> [String] {
        var lines = [
            (dryRun ? "Dry run (nothing was changed): " : "") + "\(summary.messages.counted("message")) read."
        ]
        let kinds = InboundFinding.Kind.allCases.map { "\($0.rawValue) \(summary.kinds[$0] ?? 0)" }
        lines.append("Found: " + kinds.joined(separator: ", ") + ".")
        let changed = [SubscriberStatus.bounced, .complained, .unsubscribed].map {
            "\($0.rawValue) \(summary.changed[$0] ?? 0)"
        }
        lines.append((dryRun ? "Would change: " : "Changed: ") + changed.joined(separator: ", ") + ".")
        lines.append(
            "Unidentified (no delivery of ours): \(summary.unidentified); forged tag: \(summary.forged); "
                + "unreadable: \(summary.unreadable); truncated: \(summary.truncated).")
        return lines
    }
}
