/// What the caller of a ``MailTransport`` names one message by (a subscriber's id for an issue, an index for a
/// test send), handed back untouched with its ``DeliveryResult``.
///
/// Not a Message-ID: that is the header the message carries (``OutgoingMessage/messageID``).
public struct DeliveryID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number.
    public let rawValue: Int64

    /// Names a message by `rawValue`.
    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Names a message by `rawValue`.
    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }
}
