import Foundation

/// What every message of the newsletter carries, whatever the issue: sender, list identity, link base and the
/// optional extra headers.
///
/// - SeeAlso: RFC 5322 §3.6.2, RFC 2919 (List-Id), RFC 2369 and RFC 8058 (List-Unsubscribe).
public struct MessageSettings: Sendable {
    /// The From mailbox.
    public var from: Mailbox
    /// The Reply-To mailbox, if any.
    public var replyTo: Mailbox?
    /// The newsletter's name, the phrase of List-Id.
    public var listName: String
    /// The list identifier, like `weekly.example.org` (without angle brackets).
    public var listID: String
    /// The base of the links in messages, like `https://example.org`; the unsubscribe link is
    /// `<base>/unsubscribe?token=…` and the preferences link `<base>/preferences?token=…`.
    public var linkBaseURL: String
    /// The address of the List-Unsubscribe mailto link.
    public var unsubscribeAddress: EmailAddress
    /// The Feedback-ID header's value (for Gmail's feedback loop), if any.
    public var feedbackID: String?
    /// Extra header fields, in order.
    public var extraHeaders: [ExtraHeader]

    /// One extra header field from the configuration.
    public struct ExtraHeader: Sendable, Equatable {
        /// The field name.
        public var name: String
        /// The value: printable ASCII.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The header names Bulletin writes itself, which extra headers may not use (lower case).
    public static let reservedHeaderNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "list-id", "list-unsubscribe", "list-unsubscribe-post",
        "feedback-id", "dkim-signature", "return-path", "received",
    ]

    /// Creates settings.
    public init(
        from: Mailbox, replyTo: Mailbox? = nil, listName: String, listID: String, linkBaseURL: String,
        unsubscribeAddress: EmailAddress, feedbackID: String? = nil, extraHeaders: [ExtraHeader] = []
    ) {
        self.from = from
        self.replyTo = replyTo
        self.listName = listName
        self.listID = listID
        self.linkBaseURL = linkBaseURL.hasSuffix("/") ? String(linkBaseURL.dropLast()) : linkBaseURL
        self.unsubscribeAddress = unsubscribeAddress
        self.feedbackID = feedbackID
        self.extraHeaders = extraHeaders
    }
}
