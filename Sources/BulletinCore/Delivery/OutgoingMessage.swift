/// One personal message on its way to one recipient: the SMTP envelope and the bytes of the message.
///
/// - SeeAlso: RFC 5321 §3.3 (the envelope: MAIL FROM, RCPT TO, DATA).
public struct OutgoingMessage: Sendable, Equatable {
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
}
