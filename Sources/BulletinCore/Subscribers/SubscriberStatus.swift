/// Where a subscriber stands: whether they get the newsletter, and if not, why not.
public enum SubscriberStatus: String, Sendable, CaseIterable, Codable, Comparable {
    /// Signed up but not yet confirmed (double opt-in); gets no issues.
    case pending
    /// Gets every issue.
    case active
    /// Asked to stop; gets nothing until they subscribe again.
    case unsubscribed
    /// Their address bounced hard; gets nothing.
    case bounced
    /// Marked an issue as spam; gets nothing.
    case complained

    /// Whether this status means the person asked not to be mailed, or cannot be: an import never changes it
    /// to `active` or `pending` unless told to resubscribe.
    public var isSuppressed: Bool {
        switch self {
        case .pending, .active: return false
        case .unsubscribed, .bounced, .complained: return true
        }
    }

    /// Reads a status as written in a CSV file or on the command line, ignoring case and surrounding space.
    public init?(parsing text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The names of every status, for messages: "pending, active, unsubscribed, bounced, complained".
    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The order statuses are listed in: pending, active, then the three that receive nothing.
    private var rank: Int {
        switch self {
        case .pending: return 0
        case .active: return 1
        case .unsubscribed: return 2
        case .bounced: return 3
        case .complained: return 4
        }
    }

    public static func < (lhs: SubscriberStatus, rhs: SubscriberStatus) -> Bool { lhs.rank < rhs.rank }
}
