/// A message ready for the SMTP transport: CRLF line ends, every line at most 998 octets.
///
/// - SeeAlso: RFC 5322 §2.1.1.
public struct OutgoingMessage: Sendable {
    /// The Message-ID, without angle brackets.
    public var messageID: String
    /// The envelope recipient.
    public var recipient: EmailAddress
    /// The whole message.
    public var bytes: [UInt8]

    /// Creates a message.
    public init(messageID: String, recipient: EmailAddress, bytes: [UInt8]) {
        self.messageID = messageID
        self.recipient = recipient
        self.bytes = bytes
    }
}
