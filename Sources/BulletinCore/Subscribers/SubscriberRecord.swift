/// One subscriber as read from an import: the fields it gives, and nil for those it leaves to the store.
public struct SubscriberRecord: Sendable, Equatable {
    /// The validated address.
    public var email: EmailAddress
    /// The name, when the row gives one.
    public var name: String?
    /// The status, when the row gives one.
    public var status: SubscriberStatus?
    /// The topics, when the row gives any.
    public var topics: [String]?
    /// Attributes the row sets (non-empty values only), sorted by key; others are left as stored.
    public var attributes: [Attribute]
    /// When the subscriber was created, for a new address (seconds since 1970).
    public var createdAt: Int64?
    /// When they confirmed, for a new address.
    public var confirmedAt: Int64?
    /// When they unsubscribed, for a new address.
    public var unsubscribedAt: Int64?
    /// How they came, for a new address.
    public var source: String?
    /// The line of the file the row starts on.
    public var line: Int

    /// Creates a record.
    public init(
        email: EmailAddress, name: String? = nil, status: SubscriberStatus? = nil, topics: [String]? = nil,
        attributes: [Attribute] = [], createdAt: Int64? = nil, confirmedAt: Int64? = nil,
        unsubscribedAt: Int64? = nil, source: String? = nil, line: Int = 0
    ) {
        self.email = email
        self.name = name
        self.status = status
        self.topics = topics
        self.attributes = attributes.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.unsubscribedAt = unsubscribedAt
        self.source = source
        self.line = line
    }
}

/// One attribute of a subscriber: a key and its value.
public struct Attribute: Sendable, Equatable {
    /// The key (a CSV column name).
    public var key: String
    /// The value.
    public var value: String

    /// Creates an attribute.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A row of an import that cannot be used, and why.
public struct InvalidRow: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line of the file the row starts on.
    public var line: Int
    /// What is wrong, as a phrase.
    public var reason: String

    /// Creates an invalid-row report.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
