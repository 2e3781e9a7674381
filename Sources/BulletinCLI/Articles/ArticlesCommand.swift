import ArgumentParser
import BulletinCore

/// `bulletin articles`: the site's articles, from its feeds.
struct ArticlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles",
        abstract: "Import the site's articles from its feeds, and list them by popularity.",
        discussion: """
            An article is identified by its canonical URL: the item's link made absolute against the feed, \
            without its fragment and its utm_*, fbclid and gclid parameters, with the scheme and host in lower \
            case. Page views (see `bulletin views`) are matched to articles by the URL's path.

            Examples:
              bulletin articles import https://example.org/feed.xml
              bulletin articles import export/*.rss
              bulletin articles list --week 2026-W47 --limit 10
              bulletin articles show https://example.org/news/some-story
            """,
        subcommands: [ImportArticles.self, ListArticles.self, ShowArticle.self]
    )
}

extension ISOWeek: ExpressibleByArgument {
    /// Reads `2026-W47`.
    public init?(argument: String) { self.init(argument) }
}
