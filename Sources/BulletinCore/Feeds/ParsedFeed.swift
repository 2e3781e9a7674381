/// What a feed yields: its title, its usable articles, and a warning per item that was skipped.
public struct ParsedFeed: Sendable, Equatable {
    /// The syntax the feed was written in.
    public enum Format: String, Sendable, Equatable {
        /// RSS 0.9x/2.0, and RSS 1.0 (RDF).
        case rss = "RSS"
        /// Atom 1.0.
        case atom = "Atom"
        /// JSON Feed 1.0/1.1.
        case jsonFeed = "JSON Feed"
    }

    /// The syntax.
    public var format: Format
    /// The feed's title; empty when it has none.
    public var title: String
    /// The usable items, in feed order, each URL once.
    public var articles: [Article]
    /// One sentence per skipped or merged item, naming its line where known.
    public var warnings: [String]

    /// Creates a parsed feed.
    public init(format: Format, title: String, articles: [Article], warnings: [String]) {
        self.format = format
        self.title = title
        self.articles = articles
        self.warnings = warnings
    }
}
