/// One subscriber's values for the personal slots of a rendered issue.
public struct PersonalFields: Sendable, Equatable {
    /// The slot names, as the templates' `subscriber.*` and `links.*` variables render them: the message
    /// builder's ``PersonalSlot`` names, plus two it fills from ``MessageRecipient/fields``.
    public enum Slot {
        /// `subscriber.name`.
        public static let name = PersonalSlot.name
        /// `subscriber.first_name`.
        public static let firstName = PersonalSlot.firstName
        /// `subscriber.email`.
        public static let email = PersonalSlot.email
        /// `subscriber.topics` (a recipient field).
        public static let topics = "topics"
        /// `links.unsubscribe`.
        public static let unsubscribeURL = PersonalSlot.unsubscribeURL
        /// `links.preferences`.
        public static let preferencesURL = PersonalSlot.preferencesURL
        /// `links.view_in_browser` (a recipient field).
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

    /// The first word of the name; empty when there is no name (as the message builder fills it).
    public var firstName: String {
        name.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
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

extension PersonalFields {
    /// An issue's page in the web archive that `bulletin serve` keeps: `<linkBaseURL>/archive/<week>`, the
    /// "view in browser" link of every message.
    public static func archiveURL(linkBaseURL: String, week: String) -> String {
        trimmed(linkBaseURL) + "/archive/" + week
    }

    /// What any reader may see: no name or topics, the plain unsubscribe and preferences pages under
    /// `linkBaseURL`, and the archive page. `preview` without `--for` and the web archive show these.
    public static func anonymous(linkBaseURL: String, email: String, week: String) -> PersonalFields {
        let base = trimmed(linkBaseURL)
        return PersonalFields(
            name: "", email: email, topics: "", unsubscribeURL: base + LinkPurpose.unsubscribe.path,
            preferencesURL: base + LinkPurpose.preferences.path, viewURL: archiveURL(linkBaseURL: base, week: week))
    }

    private static func trimmed(_ base: String) -> String { base.hasSuffix("/") ? String(base.dropLast()) : base }
}
