import Foundation

/// One article of the site, as a feed describes it and the store keeps it.
public struct Article: Sendable, Equatable {
    /// The canonical URL: absolute, no fragment, no `utm_*`/`fbclid`/`gclid`, scheme and host lower-cased.
    /// It is the article's identity: a re-import with the same URL updates the article.
    public var url: String
    /// The feed's identifier for the item (`guid`, `id`); empty when the feed gives none.
    public var guid: String
    /// The title, entities decoded and whitespace collapsed.
    public var title: String
    /// The authors' names, in feed order.
    public var authors: [String]
    /// When the article was published.
    public var published: Date
    /// When the feed says the article last changed, if it says.
    public var updated: Date?
    /// The summary as plain text: at most ``summaryLimit`` characters, cut at a word.
    public var summaryText: String
    /// The summary (or full content) as sanitized HTML: no scripts, styles, event handlers or iframes.
    public var summaryHTML: String
    /// The categories (tags), in feed order, without duplicates.
    public var categories: [String]
    /// An image for the article (`media:content`, `media:thumbnail`, an image enclosure, JSON Feed `image`).
    public var imageURL: String?
    /// The image's width in pixels as the feed gave it (`width` of `media:content`); nil when not given.
    public var imageWidth: Int?

    /// The longest plain-text summary kept, in characters.
    public static let summaryLimit = 400

    /// Creates an article.
    public init(
        url: String, guid: String, title: String, authors: [String], published: Date, updated: Date?,
        summaryText: String, summaryHTML: String, categories: [String], imageURL: String?
    ) {
        self.url = url
        self.guid = guid
        self.title = title
        self.authors = authors
        self.published = published
        self.updated = updated
        self.summaryText = summaryText
        self.summaryHTML = summaryHTML
        self.categories = categories
        self.imageURL = imageURL
    }

    /// The site-relative path that page views are counted under (see ``PagePath``).
    public var path: String { PagePath.normalize(urlPath: url) }
}
