/// How one delivery attempt ended, with the server's last reply.
///
/// Every attempt ends in exactly one outcome. Only ``Kind-swift.enum/accepted`` means the relay took
/// responsibility for the message (RFC 5321 §4.2.5); ``Kind-swift.enum/unknown`` means it may have.
public struct DeliveryOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The four ways an attempt can end.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The server answered 2xx to the end of the data: it has the message.
        case accepted
        /// A 4xx reply, or a connection refused, dropped or timed out before the body was sent: try again later.
        case deferred
        /// A 5xx reply: do not try again. A 5xx to RCPT TO is a hard bounce.
        case rejected
        /// The connection was lost after the body was sent and before the final reply: the server may have it.
        case unknown
    }

    /// The step of the SMTP session a reply answered.
    public enum Stage: String, Sendable, Equatable, CaseIterable {
        /// Connecting, the greeting, EHLO, STARTTLS or AUTH: nothing about this message yet.
        case session
        /// MAIL FROM: the envelope sender.
        case mailFrom = "MAIL FROM"
        /// RCPT TO: the recipient.
        case rcptTo = "RCPT TO"
        /// DATA, before the body is sent.
        case data = "DATA"
        /// The body and the final dot, and the reply to it.
        case endOfData = "end of data"
    }

    /// How the attempt ended.
    public var kind: Kind
    /// The step the attempt ended at.
    public var stage: Stage
    /// The server's last reply code (like 250, 451, 550); 0 when no reply came (refused, dropped, timed out).
    public var replyCode: Int
    /// The server's last reply text, or what went wrong on the connection when there was no reply; addresses
    /// in it are masked (``AddressMask``), since it is logged and stored.
    public var replyText: String

    /// Creates an outcome; addresses quoted in `replyText` are masked.
    public init(kind: Kind, stage: Stage, replyCode: Int, replyText: String) {
        self.kind = kind
        self.stage = stage
        self.replyCode = replyCode
        self.replyText = AddressMask.masked(replyText)
    }

    /// A 5xx reply to RCPT TO: the address does not exist or does not take mail (RFC 5321 §4.2.2, §4.5.3).
    public var isHardBounce: Bool {
        kind == .rejected && stage == .rcptTo
    }

    /// A deferral that concerns the relay or the sender, not this recipient: the session could not be set up
    /// (connect, EHLO, STARTTLS, AUTH), MAIL FROM was refused, or the relay closed the session with 421
    /// (RFC 5321 §3.8). Such an outcome never uses up one of the message's attempts, never fails it and never
    /// bounces its subscriber: the message waits for the run after the relay or the configuration is mended.
    public var concernsTheRelay: Bool {
        kind == .deferred && (stage == .session || stage == .mailFrom || replyCode == 421)
    }

    /// Whether this is a permanent failure of the message (a 5xx reply): what a send's halt check counts.
    public var isPermanentFailure: Bool { kind == .rejected }

    /// Like `deferred at RCPT TO: 451 4.3.0 Try again later`.
    public var description: String {
        let reply = replyCode == 0 ? replyText : "\(replyCode) \(replyText)"
        return "\(kind.rawValue) at \(stage.rawValue): \(reply)"
    }
}

/// The outcome of one message, named by the caller's id for it (not its Message-ID).
public struct DeliveryResult: Sendable, Equatable {
    /// The ``MailSubmission/id`` of the message.
    public var id: DeliveryID
    /// How its delivery ended.
    public var outcome: DeliveryOutcome

    /// Creates a result.
    public init(id: DeliveryID, outcome: DeliveryOutcome) {
        self.id = id
        self.outcome = outcome
    }
}
