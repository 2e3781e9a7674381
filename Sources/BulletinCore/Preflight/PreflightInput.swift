import Foundation

/// What the preflight looks at: one composed issue, before it is frozen.
public struct PreflightInput: Sendable, Equatable {
    /// The subject line.
    public var subject: String
    /// The HTML part as sent (personal slots filled with an unnamed reader's values).
    public var html: String
    /// The articles' addresses, lead first.
    public var articleURLs: [String]
    /// How many articles were chosen.
    public var articleCount: Int
    /// `[digest] min_articles`.
    public var minArticles: Int
    /// Whether the newest articles were taken for want of page views.
    public var usedNewestFallback: Bool
    /// `[newsletter] site_url`: the host article links are expected on.
    public var siteURL: URL

    /// An input.
    public init(
        subject: String, html: String, articleURLs: [String], articleCount: Int, minArticles: Int,
        usedNewestFallback: Bool, siteURL: URL
    ) {
        self.subject = subject
        self.html = html
        self.articleURLs = articleURLs
        self.articleCount = articleCount
        self.minArticles = minArticles
        self.usedNewestFallback = usedNewestFallback
        self.siteURL = siteURL
    }
}
