/// What a signed link is for; a token made for one purpose is refused for any other.
public enum LinkPurpose: String, Sendable, CaseIterable {
    /// Leave the list (the link in List-Unsubscribe and in the footer).
    case unsubscribe
    /// Change topics or the name.
    case preferences
    /// Confirm a new subscription (double opt-in).
    case confirm

    /// The path of the link under `[links] base_url`: `/unsubscribe`, `/preferences` or `/confirm`.
    public var path: String { "/" + rawValue }

    /// The one byte that stands for the purpose inside a token.
    var code: UInt8 {
        switch self {
        case .unsubscribe: return UInt8(ascii: "u")
        case .preferences: return UInt8(ascii: "p")
        case .confirm: return UInt8(ascii: "c")
        }
    }

    /// The purpose a token byte stands for.
    init?(code: UInt8) {
        guard let purpose = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = purpose
    }
}
