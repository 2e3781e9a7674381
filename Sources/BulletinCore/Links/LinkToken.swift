/// What a verified link token says: who, for what, and for which issue.
///
/// A token is the URL-safe base64 (RFC 4648 §5, no padding) of
/// `version (1 byte, 2) ‖ purpose (1 byte) ‖ subscriber id (8 bytes, big-endian) ‖ subscriber link key (8 bytes,
/// big-endian) ‖ issue (UTF-8) ‖ HMAC-SHA256(secret, everything before it) (32 bytes)`. Nothing is stored: the MAC
/// proves that Bulletin made it.
///
/// The link key is a random number drawn for each subscriber when they are added. A row id can come back after an
/// erasure; the key cannot, so a link names one person for good: once that person is erased, no later subscriber
/// matches it. Version 1 tokens (made before keys existed) carry no key; they are honoured only for subscribers
/// who were on the list when the keys were introduced (``Subscriber/acceptsUnkeyedLinks``).
///
/// - SeeAlso: RFC 2104 (HMAC), RFC 4648 §5.
public struct LinkToken: Sendable, Equatable {
    /// What the link is for.
    public var purpose: LinkPurpose
    /// The subscriber's store identifier.
    public var subscriberID: Int64
    /// The subscriber's link key; nil in a version 1 token, made before keys existed.
    public var key: Int64?
    /// The issue the link was mailed in (like `2026-48`); empty for links not tied to an issue.
    public var issue: String

    /// Creates a token's contents.
    public init(purpose: LinkPurpose, subscriberID: Int64, key: Int64?, issue: String) {
        self.purpose = purpose
        self.subscriberID = subscriberID
        self.key = key
        self.issue = issue
    }

    /// The format version of the tokens made now.
    static let version: UInt8 = 2
    /// The version of tokens made before subscribers had link keys.
    static let unkeyedVersion: UInt8 = 1
    /// The length of the MAC at the end.
    static let macLength = 32
    /// The shortest payload (a version 1 token with no issue).
    static let minimumPayloadLength = 10
    /// The longest issue label a token carries, in UTF-8 bytes.
    public static let maximumIssueLength = 64

    /// The signed part: version, purpose, id, key and issue.
    var payload: [UInt8] {
        var bytes: [UInt8] = [key == nil ? Self.unkeyedVersion : Self.version, purpose.code]
        bytes.reserveCapacity(18 + issue.utf8.count + Self.macLength)
        withUnsafeBytes(of: UInt64(bitPattern: subscriberID).bigEndian) { bytes.append(contentsOf: $0) }
        if let key {
            withUnsafeBytes(of: UInt64(bitPattern: key).bigEndian) { bytes.append(contentsOf: $0) }
        }
        // Cut a long label at a character boundary, so the token still reads back as UTF-8.
        var label = Substring(issue)
        while label.utf8.count > Self.maximumIssueLength { label = label.dropLast() }
        bytes.append(contentsOf: label.utf8)
        return bytes
    }

    /// Reads the signed part; nil when it is not one.
    init?(payload: some RandomAccessCollection<UInt8>) {
        let bytes = Array(payload)
        guard bytes.count >= Self.minimumPayloadLength, let purpose = LinkPurpose(code: bytes[1]) else { return nil }
        let id = Self.integer(bytes[2..<10])
        let key: Int64?
        let issueStart: Int
        switch bytes[0] {
        case Self.unkeyedVersion:
            key = nil
            issueStart = 10
        case Self.version:
            guard bytes.count >= 18 else { return nil }
            key = Self.integer(bytes[10..<18])
            issueStart = 18
        default:
            return nil
        }
        guard let issue = String(validating: bytes[issueStart...], as: UTF8.self) else { return nil }
        self.init(purpose: purpose, subscriberID: id, key: key, issue: issue)
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int64 {
        Int64(bitPattern: bytes.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
    }

    /// Whether the token names `subscriber`: the same id, and their link key (or, for a version 1 token, a
    /// subscriber who was on the list before keys existed).
    public func names(_ subscriber: Subscriber) -> Bool {
        guard subscriber.id == subscriberID else { return false }
        guard let key else { return subscriber.acceptsUnkeyedLinks }
        return key == subscriber.linkKey
    }
}
