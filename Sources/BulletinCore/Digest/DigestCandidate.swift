/// An article that may go into an issue, with its figures for the week.
public struct DigestCandidate: Sendable, Equatable {
    /// The article.
    public var article: Article
    /// Distinct visitors per day in the week, summed.
    public var visitors: Int
    /// Page views in the week.
    public var views: Int

    /// Creates a candidate.
    public init(article: Article, visitors: Int, views: Int) {
        self.article = article
        self.visitors = visitors
        self.views = views
    }
}
