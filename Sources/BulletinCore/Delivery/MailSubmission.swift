/// One personal message handed to a ``MailTransport``: the SMTP envelope (one sender, one recipient), the bytes of
/// the message, and the caller's id for it.
///
/// - SeeAlso: RFC 5321 §3.3 (the envelope: MAIL FROM, RCPT TO, DATA).
public struct MailSubmission: Sendable, Equatable {
    /// An identifier the caller chooses (a ledger row, a subscriber id); the transport hands it back untouched.
    public var id: String
    /// The envelope sender (MAIL FROM), a bare address; bounces go there.
    public var sender: String
    /// The one envelope recipient (RCPT TO), a bare address.
    public var recipient: String
    /// The whole message, headers and body, with CRLF line endings; the transport dot-stuffs it.
    public var data: [UInt8]

    /// Creates a message.
    public init(id: String, sender: String, recipient: String, data: [UInt8]) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.data = data
    }

    /// Submits a built message (``OutgoingMessage``) to its recipient, with bounces going to `sender`.
    public init(id: String, sender: String, message: OutgoingMessage) {
        self.init(id: id, sender: sender, recipient: message.recipient.value, data: message.bytes)
    }
}
