/// A record with the forms the store writes already computed: its topics and attributes as stored JSON, and the
/// hash an import uses to recognize an address it has seen before.
///
/// An import makes these on its reading thread, so that the thread writing to SQLite (the slower of the two) only
/// binds and steps.
public struct PreparedSubscriberRecord: Sendable, Equatable {
    /// The record.
    public let record: SubscriberRecord
    /// The topics as ``CompactJSON`` text, or nil when the record leaves them as stored.
    public let encodedTopics: String?
    /// The record's attributes as ``CompactJSON`` text.
    public let encodedAttributes: String
    /// A 64-bit FNV-1a hash of the lower-cased address.
    public let addressKey: Int

    /// Computes the stored forms of a record.
    public init(_ record: SubscriberRecord) {
        self.record = record
        encodedTopics = record.topics.map(CompactJSON.encode)
        encodedAttributes = CompactJSON.encode(sorted: record.attributes)
        addressKey = Self.key(for: record.email)
    }

    /// The 64-bit FNV-1a hash of an address's lower-cased bytes. With a million addresses the chance of two sharing
    /// one is about 1 in 30 million.
    public static func key(for email: EmailAddress) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in email.value.utf8 {
            if byte >= 65 && byte <= 90 { byte += 32 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
