/// The `[digest]` numbers that decide which articles make an issue.
public struct DigestRules: Sendable, Equatable {
    /// How many articles an issue holds at most (`articles`).
    public var articles: Int
    /// How many days before the week an article may have been published and still be a candidate
    /// (`lookback_days`).
    public var lookbackDays: Int
    /// The fewest visitors in the week a candidate needs (`min_visitors`).
    public var minVisitors: Int
    /// With fewer articles than this there is no issue that week (`min_articles`).
    public var minArticles: Int
    /// How many articles of one category (region or topic) an issue holds at most; 0 for no cap
    /// (`max_per_category`).
    public var maxPerCategory: Int

    /// The defaults: 10 articles, 7 days of lookback, 1 visitor, 3 articles, no category cap.
    public static let defaults = DigestRules(
        articles: 10, lookbackDays: 7, minVisitors: 1, minArticles: 3, maxPerCategory: 0)

    /// Creates rules.
    public init(articles: Int, lookbackDays: Int, minVisitors: Int, minArticles: Int, maxPerCategory: Int) {
        self.articles = articles
        self.lookbackDays = lookbackDays
        self.minVisitors = minVisitors
        self.minArticles = minArticles
        self.maxPerCategory = maxPerCategory
    }
}
