import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin articles show`.
struct ShowArticle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one article: its fields, summary and page views.",
        discussion: """
            URL may be written as in the feed or as readers share it (tracking parameters and fragment are \
            ignored), or be a site path such as /news/some-story. An unknown article is an error (exit 65).

            Example:
              bulletin articles show 'https://example.org/news/some-story?utm_source=newsletter'
            """
    )

    @Argument(help: "The article's URL or path.")
    var url: String

    @Flag(help: "Machine-readable JSON, with the sanitized HTML summary.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let environment = try global.environment()
        let configuration = environment.configuration
        let store = SQLiteArticleStore(database: try environment.openDatabaseToRead())
        let canonical = CanonicalURL.canonicalize(url, base: configuration.newsletter.siteURL) ?? url
        guard let stored = try store.article(url: canonical, path: PagePath.normalize(urlPath: canonical)) else {
            throw ArticleLookupError(url: url)
        }
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(ArticleJSON(stored, withHTML: true)))
            return
        }
        let article = stored.article
        func time(_ date: Date) -> String {
            Timestamp.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
        }
        let rows: [(String, String)] = [
            ("Title", article.title),
            ("URL", article.url),
            ("Path", article.path),
            ("GUID", article.guid.isEmpty ? "—" : article.guid),
            ("Authors", article.authors.isEmpty ? "—" : article.authors.joined(separator: ", ")),
            ("Published", time(article.published)),
            ("Updated", article.updated.map(time) ?? "—"),
            ("Categories", article.categories.isEmpty ? "—" : article.categories.joined(separator: ", ")),
            ("Image", article.imageURL ?? "—"),
            ("Feed", stored.feed),
            ("Views", "\(stored.views.grouped) (\(stored.visitors.grouped) daily unique visitors), all time"),
        ]
        for (label, value) in rows { out.line(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        out.line()
        out.line(article.summaryText.isEmpty ? "(no summary)" : article.summaryText)
    }
}

/// `articles show` was given a URL that is not a stored article.
struct ArticleLookupError: BulletinError {
    let url: String

    var exitStatus: ExitStatus { .dataError }

    var description: String {
        "no article has the URL or path \(url); import the feed that lists it with `bulletin articles import`, "
            + "or check the address with `bulletin articles list`."
    }
}
