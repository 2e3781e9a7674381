/// A record in the form the store writes: its texts (address, name, topics and attributes as JSON, source) side by
/// side in one block of bytes, plus the hash an import uses to recognize an address it has seen before.
///
/// An import makes one of these per row on its reading thread, with one allocation, straight from the CSV bytes;
/// the thread writing to SQLite (the busier of the two) binds the bytes where they lie and compares them with
/// what is stored without making strings. ``record`` gives the ordinary ``SubscriberRecord`` back.
public struct PreparedSubscriberRecord: Sendable, Equatable {
    /// The texts, one after another: address, name, topics, attributes, source.
    private let text: [UInt8]
    /// Where each text ends in ``text``.
    private let emailEnd: Int32
    private let nameEnd: Int32
    private let topicsEnd: Int32
    private let attributesEnd: Int32
    /// Where the address's `@` is.
    private let atOffset: Int32
    /// Which of name, topics and source the record gives (``Given``).
    private let given: Given
    /// The status, when the row gives one.
    public let status: SubscriberStatus?
    /// When the subscriber was created, for a new address (seconds since 1970).
    public let createdAt: Int64?
    /// When they confirmed, for a new address.
    public let confirmedAt: Int64?
    /// When they unsubscribed, for a new address.
    public let unsubscribedAt: Int64?
    /// The line of the file the row starts on.
    public let line: Int
    /// A 64-bit FNV-1a hash of the lower-cased address.
    public let addressKey: Int
    /// The status change another tool's export records for the row (when and why), for the history; nil for
    /// rows of Bulletin's own format.
    public var statusChange: ImportedStatusChange?

    private struct Given: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        static let name = Given(rawValue: 1)
        static let topics = Given(rawValue: 2)
        static let source = Given(rawValue: 4)
    }

    /// The texts of a record where they lie, for binding and comparing. The pointers are valid only inside
    /// ``withTexts(_:)``: nothing may keep them, and a statement bound to them must be reset before it returns.
    package struct Texts {
        /// The normalized address.
        package let email: UnsafeBufferPointer<UInt8>
        /// The name, when the row gives one.
        package let name: UnsafeBufferPointer<UInt8>?
        /// The topics as ``CompactJSON``, when the row gives any.
        package let topics: UnsafeBufferPointer<UInt8>?
        /// The attributes the row sets, as a ``CompactJSON`` object (`{}` for none).
        package let attributes: UnsafeBufferPointer<UInt8>
        /// The source, when the row gives one.
        package let source: UnsafeBufferPointer<UInt8>?
    }

    /// The parts of a record but its attributes, for ``init(parts:attributes:)``.
    struct Parts {
        /// The address: the bytes of a CSV cell and where the valid address lies in them, or an address the full
        /// rules made.
        enum Email {
            case ascii(UnsafeBufferPointer<UInt8>, EmailAddress.Bounds)
            case normalized(EmailAddress)
        }

        /// A text as bytes that stay valid while the record is made, or as a string or an array.
        enum Text {
            case bytes(UnsafeBufferPointer<UInt8>)
            case string(String)
            case array([UInt8])

            /// Its length in bytes.
            var count: Int {
                switch self {
                case .bytes(let bytes): return bytes.count
                case .string(let string): return string.utf8.count
                case .array(let array): return array.count
                }
            }

            /// Writes it as it is.
            func write(to out: inout CompactJSON.Output) {
                switch self {
                case .bytes(let bytes): out.append(raw: bytes)
                case .string(var string): string.withUTF8 { out.append(raw: $0) }
                case .array(let array): array.withUnsafeBufferPointer { out.append(raw: $0) }
                }
            }
        }

        /// The address.
        var email: Email
        /// The name, clean, when the row gives one.
        var name: Text?
        /// The topics as ``CompactJSON`` text, when the row gives any.
        var topics: Text?
        /// The source, clean, when the row gives one.
        var source: Text?
        /// The fields kept as they are: see the record's properties of the same names.
        var status: SubscriberStatus?
        var createdAt: Int64?
        var confirmedAt: Int64?
        var unsubscribedAt: Int64?
        var line: Int
    }

    /// Writes a record's parts and its attributes into one block.
    init(parts: Parts, attributes: CompactJSON.Members) {
        let attributesLength = CompactJSON.objectLength(attributes)
        var emailLength = 0
        var at = 0
        switch parts.email {
        case .ascii(_, let bounds):
            emailLength = bounds.end - bounds.start
            at = bounds.at - bounds.start
        case .normalized(let address):
            emailLength = address.value.utf8.count
            at = address.localPart.utf8.count
        }
        let total =
            emailLength + (parts.name?.count ?? 0) + (parts.topics?.count ?? 0) + attributesLength
            + (parts.source?.count ?? 0)
        var ends: (Int, Int, Int, Int) = (0, 0, 0, 0)
        text = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            var out = CompactJSON.Output(buffer: buffer)
            switch parts.email {
            case .ascii(let cell, let bounds):
                out.position += EmailAddress.writeNormalized(cell, bounds, into: buffer, at: out.position)
            case .normalized(let address):
                Parts.Text.string(address.value).write(to: &out)
            }
            ends.0 = out.position
            parts.name?.write(to: &out)
            ends.1 = out.position
            parts.topics?.write(to: &out)
            ends.2 = out.position
            CompactJSON.writeObject(attributes, to: &out)
            ends.3 = out.position
            parts.source?.write(to: &out)
            count = out.position
        }
        emailEnd = Int32(ends.0)
        nameEnd = Int32(ends.1)
        topicsEnd = Int32(ends.2)
        attributesEnd = Int32(ends.3)
        atOffset = Int32(at)
        var given: Given = []
        if parts.name != nil { given.insert(.name) }
        if parts.topics != nil { given.insert(.topics) }
        if parts.source != nil { given.insert(.source) }
        self.given = given
        status = parts.status
        createdAt = parts.createdAt
        confirmedAt = parts.confirmedAt
        unsubscribedAt = parts.unsubscribedAt
        line = parts.line
        addressKey = text.withUnsafeBufferPointer { Self.key(for: UnsafeBufferPointer(rebasing: $0[..<ends.0])) }
    }

    /// Computes the stored forms of a record.
    public init(_ record: SubscriberRecord) {
        let members = record.attributes.map { (name: CompactJSON.memberName($0.key), value: Array($0.value.utf8)) }
        func attributes(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
            for member in members {
                member.name.withUnsafeBufferPointer { name in member.value.withUnsafeBufferPointer { body(name, $0) } }
            }
        }
        self.init(
            parts: Parts(
                email: .normalized(record.email), name: record.name.map { .string($0) },
                topics: record.topics.map { .string(CompactJSON.encode($0)) },
                source: record.source.map { .string($0) },
                status: record.status, createdAt: record.createdAt, confirmedAt: record.confirmedAt,
                unsubscribedAt: record.unsubscribedAt, line: record.line),
            attributes: attributes)
    }

    /// Calls `body` with the texts where they lie (see ``Texts`` for what it may do with them).
    package func withTexts<R>(_ body: (Texts) throws -> R) rethrows -> R {
        try text.withUnsafeBufferPointer { all in
            func slice(_ from: Int32, _ to: Int32) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[Int(from)..<Int(to)])
            }
            return try body(
                Texts(
                    email: slice(0, emailEnd), name: given.contains(.name) ? slice(emailEnd, nameEnd) : nil,
                    topics: given.contains(.topics) ? slice(nameEnd, topicsEnd) : nil,
                    attributes: slice(topicsEnd, attributesEnd),
                    source: given.contains(.source) ? slice(attributesEnd, Int32(all.count)) : nil))
        }
    }

    private func string(_ from: Int32, _ to: Int32) -> String {
        text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(from)..<Int(to)]), as: UTF8.self)
        }
    }

    /// The address.
    public var email: EmailAddress {
        EmailAddress(normalized: string(0, emailEnd), atOffset: Int(atOffset))
    }

    /// The name, when the row gives one.
    public var name: String? { given.contains(.name) ? string(emailEnd, nameEnd) : nil }

    /// The topics as ``CompactJSON`` text, or nil when the record leaves them as stored.
    public var encodedTopics: String? { given.contains(.topics) ? string(nameEnd, topicsEnd) : nil }

    /// The record's attributes as ``CompactJSON`` text.
    public var encodedAttributes: String { string(topicsEnd, attributesEnd) }

    /// The source, when the row gives one.
    public var source: String? { given.contains(.source) ? string(attributesEnd, Int32(text.count)) : nil }

    /// The record as an ordinary ``SubscriberRecord``.
    public var record: SubscriberRecord {
        SubscriberRecord(
            email: email, name: name, status: status, topics: encodedTopics.flatMap(CompactJSON.decodeList),
            attributes: (CompactJSON.decodeObject(encodedAttributes) ?? [:]).map {
                Attribute(key: $0.key, value: $0.value)
            },
            createdAt: createdAt, confirmedAt: confirmedAt, unsubscribedAt: unsubscribedAt, source: source,
            line: line)
    }

    /// The 64-bit FNV-1a hash of an address's lower-cased bytes. With a million addresses the chance of two sharing
    /// one is about 1 in 30 million.
    public static func key(for email: EmailAddress) -> Int {
        var value = email.value
        return value.withUTF8(key(for:))
    }

    /// The hash of ``key(for:)-(EmailAddress)`` over an address's bytes.
    static func key(for bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in bytes {
            if byte >= 65 && byte <= 90 { byte += 32 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
