/// What a verified link token says: who, for what, and for which issue.
///
/// A token is the URL-safe base64 (RFC 4648 §5, no padding) of
/// `version (1 byte, 1) ‖ purpose (1 byte) ‖ subscriber id (8 bytes, big-endian) ‖ issue (UTF-8) ‖
/// HMAC-SHA256(secret, everything before it) (32 bytes)`. Nothing is stored: the MAC proves that Bulletin made it.
///
/// - SeeAlso: RFC 2104 (HMAC), RFC 4648 §5.
public struct LinkToken: Sendable, Equatable {
    /// What the link is for.
    public var purpose: LinkPurpose
    /// The subscriber's store identifier.
    public var subscriberID: Int64
    /// The issue the link was mailed in (like `2026-48`); empty for links not tied to an issue.
    public var issue: String

    /// Creates a token's contents.
    public init(purpose: LinkPurpose, subscriberID: Int64, issue: String) {
        self.purpose = purpose
        self.subscriberID = subscriberID
        self.issue = issue
    }

    /// The format version byte.
    static let version: UInt8 = 1
    /// The length of the MAC at the end.
    static let macLength = 32
    /// The longest issue label a token carries, in UTF-8 bytes.
    public static let maximumIssueLength = 64

    /// The signed part: version, purpose, id and issue.
    var payload: [UInt8] {
        var bytes: [UInt8] = [Self.version, purpose.code]
        bytes.reserveCapacity(10 + issue.utf8.count + Self.macLength)
        withUnsafeBytes(of: UInt64(bitPattern: subscriberID).bigEndian) { bytes.append(contentsOf: $0) }
        // Cut a long label at a character boundary, so the token still reads back as UTF-8.
        var label = Substring(issue)
        while label.utf8.count > Self.maximumIssueLength { label = label.dropLast() }
        bytes.append(contentsOf: label.utf8)
        return bytes
    }

    /// Reads the signed part; nil when it is not one.
    init?(payload: some RandomAccessCollection<UInt8>) {
        let bytes = Array(payload)
        guard bytes.count >= 10, bytes[0] == Self.version, let purpose = LinkPurpose(code: bytes[1]) else {
            return nil
        }
        let id = bytes[2..<10].reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        guard let issue = String(validating: bytes[10...], as: UTF8.self) else { return nil }
        self.init(purpose: purpose, subscriberID: Int64(bitPattern: id), issue: issue)
    }
}
