/// One subscriber's values for the personal slots of a rendered issue.
public struct PersonalFields: Sendable, Equatable {
    /// The slot names, as the templates' `subscriber.*` and `links.*` variables render them.
    public enum Slot {
        /// `subscriber.name`.
        public static let name = "name"
        /// `subscriber.first_name`.
        public static let firstName = "first_name"
        /// `subscriber.email`.
        public static let email = "email"
        /// `subscriber.topics`.
        public static let topics = "topics"
        /// `links.unsubscribe`.
        public static let unsubscribeURL = "unsubscribe_url"
        /// `links.preferences`.
        public static let preferencesURL = "preferences_url"
        /// `links.view_in_browser`.
        public static let viewURL = "view_url"
    }

    /// The subscriber's name (may be empty).
    public var name: String
    /// The subscriber's address.
    public var email: String
    /// The subscriber's topics, comma-separated.
    public var topics: String
    /// The unsubscribe link.
    public var unsubscribeURL: String
    /// The preferences link.
    public var preferencesURL: String
    /// The link to the issue on the web.
    public var viewURL: String

    /// Creates the values.
    public init(
        name: String, email: String, topics: String, unsubscribeURL: String, preferencesURL: String,
        viewURL: String
    ) {
        self.name = name
        self.email = email
        self.topics = topics
        self.unsubscribeURL = unsubscribeURL
        self.preferencesURL = preferencesURL
        self.viewURL = viewURL
    }

    /// The first word of the name, or "reader" when there is no name.
    public var firstName: String {
        name.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "reader"
    }

    /// The value of a slot; empty for an unknown one.
    public func value(_ slot: String) -> String {
        switch slot {
        case Slot.name: name
        case Slot.firstName: firstName
        case Slot.email: email
        case Slot.topics: topics
        case Slot.unsubscribeURL: unsubscribeURL
        case Slot.preferencesURL: preferencesURL
        case Slot.viewURL: viewURL
        default: ""
        }
    }
}
