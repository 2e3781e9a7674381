import BulletinCore
import Foundation

/// An article as the store has it: the feed's fields, where and when it was seen, and its page views.
public struct StoredArticle: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The article.
    public var article: Article
    /// The feed (file or URL) it was last imported from.
    public var feed: String
    /// When it was first imported.
    public var firstSeen: Date
    /// When an import last changed it.
    public var changed: Date
    /// Page views in the period asked for (all time unless a week was given).
    public var views: Int
    /// Distinct visitors per day, summed over the period.
    public var visitors: Int
}

/// What saving one feed's articles did.
public struct ArticleSaveCounts: Sendable, Equatable {
    /// Articles not stored before.
    public var added = 0
    /// Stored articles whose fields changed.
    public var updated = 0
    /// Stored articles that are the same.
    public var unchanged = 0

    /// Creates counts.
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// One feed's articles to save, with what its server said for the next conditional GET.
public struct ArticleBatch: Sendable {
    /// The feed (file or URL), as given.
    public var feed: String
    /// Its articles.
    public var articles: [Article]
    /// The server's validators, for a feed fetched over HTTP.
    public var validators: FeedValidators?

    /// Creates a batch.
    public init(feed: String, articles: [Article], validators: FeedValidators?) {
        self.feed = feed
        self.articles = articles
        self.validators = validators
    }
}

/// The `ETag` and `Last-Modified` a server sent with a feed, sent back as `If-None-Match` and
/// `If-Modified-Since`.
public struct FeedValidators: Sendable, Equatable {
    /// The entity tag, as sent (quotes included).
    public var etag: String?
    /// The HTTP date, as sent.
    public var lastModified: String?

    /// Creates validators.
    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }
}
