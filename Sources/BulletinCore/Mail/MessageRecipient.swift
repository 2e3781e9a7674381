/// The personal side of one message: who it goes to, and the values for the part's personal slots.
public struct MessageRecipient: Sendable {
    /// The subscriber's store identifier, signed into their links.
    public var subscriberID: Int64
    /// The subscriber's link key (``Subscriber/linkKey``), signed into their links with the id.
    public var linkKey: Int64
    /// Where the message goes.
    public var address: EmailAddress
    /// The display name for To and the `name` slot; neutralized before it reaches a header.
    public var name: String
    /// Values for slots beyond ``PersonalSlot/standard``, by slot name.
    public var fields: [String: String]
    /// The topics whose sections this message holds, in the order (``MessageTemplate`` splices the
    /// sections it has of these at the ``PersonalSlot/sections`` marker).
    public var sections: [String] = []

    /// Creates a recipient.
    public init(
        subscriberID: Int64, linkKey: Int64 = 0, address: EmailAddress, name: String = "",
        fields: [String: String] = [:]
    ) {
        self.subscriberID = subscriberID
        self.linkKey = linkKey
        self.address = address
        self.name = name
        self.fields = fields
    }

    /// A subscriber as a recipient, with the address they were stored with (not validated again).
    public init(_ subscriber: Subscriber, fields: [String: String] = [:]) {
        self.init(
            subscriberID: subscriber.id, linkKey: subscriber.linkKey, address: subscriber.address,
            name: subscriber.name,
            fields: fields)
    }

    /// The first word of the name.
    public var firstName: String {
        String(name.split(whereSeparator: { $0.isWhitespace }).first ?? "")
    }
}
