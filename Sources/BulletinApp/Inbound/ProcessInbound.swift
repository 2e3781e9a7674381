import BulletinCore
import BulletinStore
import Foundation

/// `bulletin inbound`: reads the reports that come back after the relay accepted a message — bounces, spam
/// complaints, unsubscribes by mail, automatic replies — and acts on each: a hard bounce makes the subscriber
/// `bounced` at once, soft bounces on `[bounces] soft_limit` different days within `window_days` do too, a
/// complaint makes them `complained`, an unsubscribe mail `unsubscribed`; the rest is recorded.
///
/// A report acts only on a delivery of ours it identifies: by its VERP tag (verified against the subscriber's link
/// key), else by a signed unsubscribe token it carries, else by the address it names when an issue was sent there.
/// A tag that does not verify identifies nobody, whatever address the report names; a token that does not verify
/// is ignored.
///
/// Messages come one at a time (``process(_:source:truncated:)``), so that a mailbox on disk
/// (``processMailbox(_:each:)``) and a fetcher feed the same steps.
public final class ProcessInbound {
    /// Where it runs.
    public let environment: AppEnvironment
    /// Whether nothing is written (the database is rolled back, Maildir messages stay in `new/`).
    public let dryRun: Bool
    /// The counts so far.
    public private(set) var summary = InboundSummary()

    private let reports: SQLiteInboundReports
    private let subscribers: SQLiteSubscriberStore
    private let classifier: InboundClassifier
    private let links: LinkSigner
    private let tags: DeliveryTag.Signer
    private let softLimit: Int
    private let windowDays: Int

    /// Prepares to process reports in `environment`.
    ///
    /// - Throws: the database's and the link secret's errors.
    public init(_ environment: AppEnvironment, dryRun: Bool = false) throws {
        self.environment = environment
        self.dryRun = dryRun
        let configuration = environment.configuration
        let database = try environment.openDatabase()
        reports = SQLiteInboundReports(database: database)
        subscribers = try environment.subscriberStore(on: database)
        links = try environment.linkSigner()
        tags = DeliveryTag.Signer(links: links)
        classifier = InboundClassifier(
            bounceAddress: configuration.bounces?.address, unsubscribeAddress: configuration.mail.unsubscribeAddress,
            ownAddresses: [configuration.newsletter.from.address, configuration.envelopeSender]
                + (configuration.newsletter.replyTo.map { [$0.address] } ?? []))
        softLimit = configuration.bounces?.softLimit ?? Configuration.Bounces.defaultSoftLimit
        windowDays = configuration.bounces?.windowDays ?? Configuration.Bounces.defaultWindowDays
    }

    /// Reads every message at `path` (a file, a folder, a Maildir, an mbox, `-`), processes each, and moves a
    /// processed Maildir message from `new/` to `cur/` (not in a dry run); `each` hears each message's results.
    ///
    /// - Throws: ``InboundMailboxError``; the database's errors.
    public func processMailbox(_ path: String, each: ([InboundResult]) throws -> Void) throws {
        try InboundMailbox.read(path) { item in
            let results = try process(item.bytes[...], source: item.source, truncated: item.isTruncated)
            if !dryRun { try InboundMailbox.markProcessed(item) }
            try each(results)
        }
    }

    /// Classifies one message, identifies the delivery each finding is about, acts on it and records it.
    ///
    /// - Parameters:
    ///   - truncated: only the message's beginning was read (it is counted, and classified by that).
    /// - Returns: one result per recipient the message names (at least one).
    /// - Throws: the database's errors.
    public func process(
        _ bytes: ArraySlice<UInt8>, source: String, truncated: Bool = false
    ) throws
        -> [InboundResult]
    {
        let now = environment.now()
        let entity = InboundEntity(bytes)
        var results: [InboundResult] = []
        if !Self.isMail(entity) {
            let finding = InboundFinding(kind: .other, diagnostic: "not a mail message")
            try reports.record(
                InboundReport(at: now, source: source, finding: finding), consequence: .none, outcome: "unreadable",
                reason: "", commit: !dryRun)
            results = [InboundResult(source: source, finding: finding, outcome: "unreadable")]
        } else {
            for finding in classifier.classify(entity) {
                results.append(try act(on: finding, source: source, at: now))
            }
        }
        summary.add(results, truncated: truncated)
        return results
    }

    /// Whether the bytes look like a mail message at all: a header with at least one field every message or
    /// report has. A binary file or an empty one has none.
    static func isMail(_ entity: InboundEntity) -> Bool {
        let names: Set<String> = [
            "from", "to", "subject", "date", "message-id", "received", "content-type", "return-path", "delivered-to",
            "mime-version",
        ]
        return entity.fields.contains { names.contains($0.name) }
    }

    /// Who a finding is about.
    private enum Identity {
        case delivery(week: String?, subscriber: Subscriber, by: String)
        case forged
        case nobody
    }

    private func act(on finding: InboundFinding, source: String, at now: Date) throws -> InboundResult {
        let identity = try identify(finding)
        var report = InboundReport(at: now, source: source, finding: finding)
        guard case .delivery(let week, let subscriber, let by) = identity else {
            let outcome = if case .forged = identity { "forged" } else { "unidentified" }
            try reports.record(report, consequence: .none, outcome: outcome, reason: "", commit: !dryRun)
            return InboundResult(source: source, finding: finding, outcome: outcome)
        }
        report.week = week
        report.subscriberID = subscriber.id
        report.identifiedBy = by
        let recorded = try reports.record(
            report, consequence: consequence(of: finding.kind, at: now), outcome: "recorded",
            reason: reason(finding, source: source), commit: !dryRun)
        return InboundResult(
            source: source, finding: finding,
            delivery: week.map { InboundResult.Delivery(week: $0, subscriber: subscriber.email, identifiedBy: by) },
            outcome: recorded.outcome)
    }

    private func consequence(of kind: InboundFinding.Kind, at now: Date) -> SQLiteInboundReports.Consequence {
        switch kind {
        case .hard: .status(.bounced, from: [.active, .pending])
        case .soft: .softBounce(limit: softLimit, windowStart: now.addingTimeInterval(-Double(windowDays) * 86_400))
        case .complaint: .status(.complained, from: [.active, .pending, .unsubscribed])
        case .unsubscribe: .status(.unsubscribed, from: [.active, .pending])
        case .autoReply, .other: .none
        }
    }

    /// The history entry's reason: the kind, the status code and the remote server's words, and where the report
    /// was read.
    private func reason(_ finding: InboundFinding, source: String) -> String {
        let kind: String =
            switch finding.kind {
            case .hard: "hard bounce"
            case .soft: "soft bounce"
            case .complaint: "spam complaint"
            case .unsubscribe: "unsubscribe by mail"
            case .autoReply: "automatic reply"
            case .other: "report"
            }
        let words = String(finding.diagnostic.prefix(300))
        return kind + (finding.status.map { " \($0)" } ?? "") + (words.isEmpty ? "" : ": \(words)") + " [\(source)]"
    }

    /// The delivery a finding names: its VERP tag, else its unsubscribe token, else its recipient when an issue
    /// was sent to them (or, for an unsubscribe mail, when they are a subscriber).
    private func identify(_ finding: InboundFinding) throws -> Identity {
        if let text = finding.tag {
            guard let claimed = tags.read(text),
                let subscriber = try subscribers.subscriber(id: claimed.claimed.subscriberID),
                let tag = tags.verify(claimed, key: subscriber.linkKey)
            else { return .forged }
            return .delivery(week: tag.week, subscriber: subscriber, by: "tag")
        }
        // A token that does not verify is ignored rather than taken as forgery: a quoted List-Unsubscribe is
        // often mangled on the way back, and the address fallback below is open to any report anyway.
        if let token = finding.token, let contents = try? links.verify(token, for: .unsubscribe),
            let subscriber = try subscribers.subscriber(named: contents)
        {
            let week =
                contents.issue.isEmpty ? try reports.lastAcceptedWeek(subscriberID: subscriber.id) : contents.issue
            return .delivery(week: week, subscriber: subscriber, by: "token")
        }
        guard let recipient = finding.recipient, let address = try? EmailAddress(recipient),
            let subscriber = try subscribers.subscriber(email: address)
        else { return .nobody }
        let week = try reports.lastAcceptedWeek(subscriberID: subscriber.id)
        guard week != nil || finding.kind == .unsubscribe else { return .nobody }
        return .delivery(week: week, subscriber: subscriber, by: "address")
    }
}
