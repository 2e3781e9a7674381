/// A link token that cannot be honoured. Every case is bad input data and changes nothing.
public enum LinkTokenError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Not a token at all: wrong characters or length, or an unknown version.
    case malformed
    /// The MAC does not match: the token was altered, or signed with another secret.
    case tampered
    /// A valid token made for another purpose.
    case wrongPurpose(expected: LinkPurpose, found: LinkPurpose)
    /// A valid token for a subscriber who is no longer in the store (erased with `remove`).
    case unknownSubscriber(Int64)

    public var description: String {
        switch self {
        case .malformed:
            return "The link token is not one Bulletin made; check that the whole link was copied."
        case .tampered:
            return "The link token's signature does not match; it was altered or made with another secret, "
                + "so nothing was changed."
        case .wrongPurpose(let expected, let found):
            return "The link token is for \(found.rawValue), not \(expected.rawValue); "
                + "use the \(expected.rawValue) link from the message."
        case .unknownSubscriber(let id):
            return "The link is for subscriber #\(id), who is no longer on the list (erased); nothing was changed."
        }
    }
}
