/// A part of an issue the report gives its own figures: a topic section, or the whole issue as one section.
public struct ReportSection: Sendable, Equatable {
    /// The topic's key (`main` for an issue without topic sections).
    public var topic: String
    /// The heading readers saw.
    public var label: String
    /// The canonical URLs of its articles, in issue order.
    public var articleURLs: [String]

    /// Creates a section.
    public init(topic: String, label: String, articleURLs: [String]) {
        self.topic = topic
        self.label = label
        self.articleURLs = articleURLs
    }

    /// The sections of a frozen issue, in issue order: the one place the report reads an issue's structure.
    ///
    /// Frozen issues hold their articles only, so this is one `main` section with all of them.
    public static func sections(of issue: FrozenIssue) -> [ReportSection] {
        [ReportSection(topic: "main", label: "Articles", articleURLs: issue.articles)]
    }
}
