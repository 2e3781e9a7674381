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
    /// The main block (every reader got it) as `main`, then each topic section frozen with the issue, by its
    /// topic and label; an issue frozen before topic sections existed is one `main` section.
    public static func sections(of issue: FrozenIssue) -> [ReportSection] {
        let main = ReportSection(topic: "main", label: "Articles", articleURLs: issue.articles)
        return [main]
            + issue.sections.filter { !$0.articles.isEmpty }.map {
                ReportSection(topic: $0.topic, label: $0.label, articleURLs: $0.articles)
            }
    }
}
