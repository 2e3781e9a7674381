/// One personal message handed to a ``MailTransport``: the SMTP envelope (one sender, one recipient), the bytes of
/// the message, and the caller's id for it.
///
/// - SeeAlso: RFC 5321 §3.3 (the envelope: MAIL FROM, RCPT TO, DATA).
public struct MailSubmission: Sendable, Equatable {
    /// What the caller names the message by (a subscriber's id); the transport hands it back untouched.
    public var id: DeliveryID
    /// The envelope sender (MAIL FROM), a bare address; bounces go there.
    public var sender: String
    /// The one envelope recipient (RCPT TO), validated once, when it came in (an import, a form, a command line).
    public var recipient: EmailAddress
    /// The whole message, headers and body, with CRLF line endings; the transport dot-stuffs it.
    public var data: [UInt8]

    /// Creates a message.
    public init(id: DeliveryID, sender: String, recipient: EmailAddress, data: [UInt8]) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.data = data
    }

    /// Submits a built message (``OutgoingMessage``) to its recipient, with bounces going to `sender`.
    public init(id: DeliveryID, sender: String, message: OutgoingMessage) {
        self.init(id: id, sender: sender, recipient: message.recipient, data: message.bytes)
    }
}
