/// The Message-ID and MIME boundary makers a ``MessageTemplate`` uses; tests inject fixed ones so that golden
/// files are byte-stable.
///
/// - SeeAlso: RFC 5322 §3.6.4, RFC 2046 §5.1.1.
public enum MessageIdentity {
    /// Makes a Message-ID (without angle brackets) for one recipient.
    public typealias MessageIDMaker = @Sendable (MessageRecipient) -> String
    /// Makes the MIME boundary of one issue.
    public typealias BoundaryMaker = @Sendable () -> String

    /// Random Message-IDs at `domain`: 128 random bits in hex, so they are unique without coordination.
    public static func randomMessageID(domain: String) -> MessageIDMaker {
        { _ in
            var generator = SystemRandomNumberGenerator()
            return hex(generator.next()) + hex(generator.next()) + "@" + domain
        }
    }

    /// A random boundary that starts with `=_`, which quoted-printable text can never contain, so one boundary
    /// serves every message of an issue.
    public static let randomBoundary: BoundaryMaker = {
        var generator = SystemRandomNumberGenerator()
        return "=_bulletin_" + hex(generator.next())
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
