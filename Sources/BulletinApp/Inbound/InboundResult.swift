import BulletinCore
import BulletinStore

/// What `bulletin inbound` made of one recipient named in one message: the finding, the delivery of ours it is
/// about (if any), and what was done.
public struct InboundResult: Sendable, Equatable {
    /// Where the message was read.
    public var source: String
    /// What the classifier found.
    public var finding: InboundFinding
    /// The delivery it names, when one of ours was identified.
    public var delivery: Delivery?
    /// What was done: bounced, counted, complained, unsubscribed, unchanged, recorded, unidentified, forged,
    /// unreadable.
    public var outcome: String

    /// One identified delivery: an issue sent to a subscriber.
    public struct Delivery: Sendable, Equatable {
        /// The week.
        public var week: String
        /// The subscriber's address.
        public var subscriber: String
        /// How it was identified: `tag` (the VERP tag, verified), `token` (a signed unsubscribe token) or
        /// `address` (the recipient an issue was sent to).
        public var identifiedBy: String
    }
}

/// The counts of one `bulletin inbound` run.
public struct InboundSummary: Sendable, Equatable {
    /// Messages read.
    public var messages = 0
    /// Findings per kind (one per recipient a message names).
    public var kinds: [InboundFinding.Kind: Int] = [:]
    /// Findings that named no delivery of ours.
    public var unidentified = 0
    /// Findings whose VERP tag did not verify: they changed nobody.
    public var forged = 0
    /// Messages that are not mail at all (binary, empty): recorded, nothing else.
    public var unreadable = 0
    /// Messages over the size read, classified by their beginning.
    public var truncated = 0
    /// Subscribers moved to each status.
    public var changed: [SubscriberStatus: Int] = [:]

    /// Creates empty counts.
    public init() {}

    /// Counts one message's results.
    mutating func add(_ results: [InboundResult], truncated isTruncated: Bool) {
        messages += 1
        if isTruncated { truncated += 1 }
        for result in results {
            switch result.outcome {
            case "unreadable":
                unreadable += 1
                continue
            case "forged": forged += 1
            case "unidentified": unidentified += 1
            default: break
            }
            kinds[result.finding.kind, default: 0] += 1
            if let status = SubscriberStatus(rawValue: result.outcome), status.isSuppressed {
                changed[status, default: 0] += 1
            }
        }
    }
}
