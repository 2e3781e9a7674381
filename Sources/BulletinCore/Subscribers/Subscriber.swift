import Foundation

/// A person on the list.
public struct Subscriber: Sendable, Equatable, Identifiable {
    /// The store's identifier; stable for the life of the subscriber.
    public var id: Int64
    /// The address, validated when it came in and read back as stored.
    public var address: EmailAddress
    /// The name to greet and address them by; may be empty.
    public var name: String
    /// Where they stand.
    public var status: SubscriberStatus
    /// The topics they chose, in the order given.
    public var topics: [String]
    /// Free-form facts from imports: column name to value. Empty values are not stored.
    public var attributes: [String: String]
    /// When they were added.
    public var createdAt: Date
    /// When they last changed.
    public var updatedAt: Date
    /// When they confirmed (became active), if ever.
    public var confirmedAt: Date?
    /// When they last unsubscribed, if ever.
    public var unsubscribedAt: Date?
    /// How they came: `cli`, `import:members.csv`, `web`.
    public var source: String
    /// A random number drawn when they were added, signed into their links with ``id``: ids may be given again
    /// after an erasure, keys are not, so a link names this person for good.
    public var linkKey: Int64
    /// Whether links made before link keys existed (version 1 tokens, which carry only the id) name them: true
    /// only for subscribers who were on the list when keys were introduced.
    public var acceptsUnkeyedLinks: Bool

    /// Creates a subscriber value.
    public init(
        id: Int64, address: EmailAddress, name: String, status: SubscriberStatus, topics: [String],
        attributes: [String: String], createdAt: Date, updatedAt: Date, confirmedAt: Date?, unsubscribedAt: Date?,
        source: String, linkKey: Int64 = 0, acceptsUnkeyedLinks: Bool = false
    ) {
        self.linkKey = linkKey
        self.acceptsUnkeyedLinks = acceptsUnkeyedLinks
        self.id = id
        self.address = address
        self.name = name
        self.status = status
        self.topics = topics
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.confirmedAt = confirmedAt
        self.unsubscribedAt = unsubscribedAt
        self.source = source
    }

    /// The normalized address, as text.
    public var email: String { address.value }

    /// The first word of the name, for "Dear Aigerim"; empty when there is no name.
    public var firstName: String {
        String(name.split(whereSeparator: { $0.isWhitespace }).first ?? "")
    }
}

/// One change of a subscriber's status, as kept in their history.
public struct SubscriberEvent: Sendable, Equatable {
    /// When it happened.
    public var at: Date
    /// The status before; nil when the subscriber was created by this event.
    public var fromStatus: SubscriberStatus?
    /// The status after.
    public var toStatus: SubscriberStatus
    /// Who made the change: `cli`, `import:members.csv`, `web`, `smtp`.
    public var source: String
    /// Why, in words; may be empty.
    public var reason: String

    /// Creates an event value.
    public init(at: Date, fromStatus: SubscriberStatus?, toStatus: SubscriberStatus, source: String, reason: String) {
        self.at = at
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.source = source
        self.reason = reason
    }
}
