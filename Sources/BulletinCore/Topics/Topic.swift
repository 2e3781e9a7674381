import Foundation

/// One entry of `[topics]`: a subject readers can choose, and which of the feed's articles it covers.
public struct Topic: Sendable, Equatable {
    /// The key in `[topics]`, as stored in a subscriber's topics and in `&topic=` of the stop link.
    public var name: String
    /// `label`: what forms and sections show; the name when not given.
    public var label: String
    /// `categories`: the feed categories this topic covers, compared case-insensitively.
    public var categories: [String]
    /// `paths`: URL path prefixes this topic covers, like `/kazakhstan/`.
    public var paths: [String]

    /// A topic; `label` defaults to `name`.
    public init(name: String, label: String? = nil, categories: [String] = [], paths: [String] = []) {
        self.name = name
        self.label = label ?? name
        self.categories = categories
        self.paths = paths
        self.foldedCategories = Set(categories.map { $0.lowercased() })
    }

    private var foldedCategories: Set<String>

    /// Whether an article with these categories at this URL belongs to the topic: one of its categories
    /// matches (ignoring case), or its path starts with one of the prefixes.
    public func covers(categories articleCategories: [String], url: URL) -> Bool {
        if !foldedCategories.isEmpty, articleCategories.contains(where: { foldedCategories.contains($0.lowercased()) })
        {
            return true
        }
        guard !paths.isEmpty else { return false }
        let path = url.path.isEmpty ? "/" : url.path
        return paths.contains { path.hasPrefix($0) }
    }

    /// The topics of `chosen` that `[topics]` (`configured`) does not name, each once, in order; none when
    /// `[topics]` is not configured.
    public static func unknown(_ chosen: [String], among configured: [Topic]) -> [String] {
        guard !configured.isEmpty else { return [] }
        var unknown: [String] = []
        for topic in chosen where !configured.contains(where: { $0.name == topic }) && !unknown.contains(topic) {
            unknown.append(topic)
        }
        return unknown
    }

    /// Two topics are equal when everything the configuration says of them is.
    public static func == (lhs: Topic, rhs: Topic) -> Bool {
        lhs.name == rhs.name && lhs.label == rhs.label && lhs.categories == rhs.categories && lhs.paths == rhs.paths
    }
}
