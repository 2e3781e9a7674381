/// A feed as its syntax gave it, before links are resolved, dates parsed and HTML cleaned: what the RSS, Atom
/// and JSON Feed readers produce and ``FeedParser`` turns into ``Article``s.
struct RawFeed {
    /// The syntax.
    var format: ParsedFeed.Format
    /// The feed's title, cleaned.
    var title = ""
    /// The site's address (`<channel><link>`, Atom `link rel=alternate`, JSON Feed `home_page_url`).
    var link: String?
    /// `xml:base` on the root element.
    var base: String?
    /// The feed's own date (`pubDate`, `lastBuildDate`, Atom `updated`), for items that have none.
    var date: String?
    /// The feed's authors (Atom `feed/author`), for entries that name none (RFC 4287 §4.2.1).
    var authors: [String] = []
    /// The items, in document order.
    var items: [RawFeedItem] = []
    /// Where the root element starts, for errors about the whole feed.
    var line = 1
    var column = 1

    /// An empty feed in `format`.
    init(format: ParsedFeed.Format) {
        self.format = format
    }
}

/// One item or entry as written in the feed.
struct RawFeedItem {
    /// Where the item starts (for JSON Feed: its 1-based position).
    var line = 1
    /// The column where the item starts.
    var column = 1
    /// `xml:base` on the item.
    var base: String?
    /// The link as written (RSS `link`, Atom `link rel=alternate`, JSON Feed `url`).
    var link: String?
    /// `guid`, Atom `id`, JSON Feed `id`.
    var guid: String?
    /// RSS `guid isPermaLink="true"` (the default): the guid is the item's URL when it has no link.
    var guidIsPermaLink = true
    /// The title as written.
    var title: String?
    /// Atom `type="html"`/`"xhtml"` titles carry markup.
    var titleIsMarkup = false
    /// Author names as written.
    var authors: [String] = []
    /// `pubDate`, `dc:date`, Atom `published`, JSON Feed `date_published`.
    var published: String?
    /// Atom `updated`, JSON Feed `date_modified`.
    var updated: String?
    /// `description`, Atom `summary`, JSON Feed `summary`.
    var summary: String?
    /// `content:encoded`, Atom `content`, JSON Feed `content_html`.
    var content: String?
    /// Plain-text content (Atom `type="text"`, JSON Feed `content_text`): escaped before use as HTML.
    var contentIsText = false
    /// Plain-text summary (Atom `type="text"`, JSON Feed `summary`).
    var summaryIsText = false
    /// Categories and tags as written.
    var categories: [String] = []
    /// An image URL from media elements or enclosures: the largest offered (see ``offerImage(_:width:size:)``).
    var image: String?
    /// The width and byte size of ``image`` as the feed gave them (0 when not given).
    var imageScore = (width: 0, size: 0)

    /// Keeps `url` when it is the first image offered, or wider than the one kept (by `width`, then by `size` in
    /// bytes): feeds list a thumbnail and larger renditions, in no fixed order.
    mutating func offerImage(_ url: String, width: String?, size: String?) {
        let score = (width: width.flatMap { Int($0) } ?? 0, size: size.flatMap { Int($0) } ?? 0)
        if image == nil || score.width > imageScore.width
            || (score.width == imageScore.width && score.size > imageScore.size)
        {
            image = url
            imageScore = score
        }
    }

    /// An empty item.
    init() {}
}
