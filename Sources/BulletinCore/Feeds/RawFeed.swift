/// A feed as its syntax gave it, before links are resolved, dates parsed and HTML cleaned: what the RSS, Atom
/// and JSON Feed readers produce and ``FeedParser`` turns into ``Article``s.
struct RawFeed {
    var format: ParsedFeed.Format
    var title = ""
    /// The site's address (`<channel><link>`, Atom `link rel=alternate`, JSON Feed `home_page_url`).
    var link: String?
    /// `xml:base` on the root element.
    var base: String?
    /// The feed's own date (`pubDate`, `lastBuildDate`, Atom `updated`), for items that have none.
    var date: String?
    var items: [RawFeedItem] = []
    /// Where the root element starts, for errors about the whole feed.
    var line = 1
    var column = 1

    init(format: ParsedFeed.Format) {
        self.format = format
    }
}

/// One item or entry as written in the feed.
struct RawFeedItem {
    var line = 1
    var column = 1
    var base: String?
    var link: String?
    var guid: String?
    /// RSS `guid isPermaLink="true"` (the default): the guid is the item's URL when it has no link.
    var guidIsPermaLink = true
    var title: String?
    /// Atom `type="html"`/`"xhtml"` titles carry markup.
    var titleIsMarkup = false
    var authors: [String] = []
    var published: String?
    var updated: String?
    /// `description`, Atom `summary`, JSON Feed `summary`.
    var summary: String?
    /// `content:encoded`, Atom `content`, JSON Feed `content_html`.
    var content: String?
    /// Plain-text content (Atom `type="text"`, JSON Feed `content_text`): escaped before use as HTML.
    var contentIsText = false
    var summaryIsText = false
    var categories: [String] = []
    var image: String?

    init() {}
}
