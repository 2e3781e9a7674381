import Foundation

/// What one inbound message says about one recipient of ours: the unit `bulletin inbound` acts on.
public struct InboundFinding: Sendable, Equatable {
    /// What kind of report it is.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The address cannot receive mail for good: it does not exist, its domain does not, the user moved.
        case hard
        /// A failure that may pass: mailbox full, deferred, blocked, a policy.
        case soft
        /// A spam complaint from a mailbox provider's feedback loop (RFC 5965).
        case complaint
        /// A reader asked by mail to stop (the List-Unsubscribe mailto address).
        case unsubscribe
        /// An automatic answer (RFC 3834): vacation, out of office.
        case autoReply = "auto-reply"
        /// Anything else.
        case other
    }

    /// What kind of report it is.
    public var kind: Kind
    /// The recipient the report is about, as the report names it (nil when it names nobody).
    public var recipient: String?
    /// The enhanced status code (RFC 3463: `5.1.1`), or the SMTP reply code when that is all there is.
    public var status: String?
    /// The remote server's words, or the report's explanation, on one line.
    public var diagnostic: String
    /// The VERP tag found in the addresses the report came back to (`bounces+TAG@…`), not yet verified.
    public var tag: String?
    /// An unsubscribe token found in the report (the mailto subject, or the original's List-Unsubscribe).
    public var token: String?
    /// The feedback type of a complaint (`abuse`, `fraud`…), or the DSN action (`failed`, `delayed`).
    public var detail: String?
    /// When the report says the failure happened: its Arrival-Date, else its Date field; nil when it says neither
    /// readably.
    public var reportedAt: Date?

    /// Creates a finding.
    public init(
        kind: Kind, recipient: String? = nil, status: String? = nil, diagnostic: String = "", tag: String? = nil,
        token: String? = nil, detail: String? = nil, reportedAt: Date? = nil
    ) {
        self.kind = kind
        self.recipient = recipient
        self.status = status
        self.diagnostic = diagnostic
        self.tag = tag
        self.token = token
        self.detail = detail
        self.reportedAt = reportedAt
    }
}
