import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation

/// What `pin`, `exclude` and `clear` share: the article's URL, the week, and the lookup.
struct SteeringTarget: ParsableArguments {
    @Argument(help: "The article's URL (as in the feed or as readers share it) or its site path.")
    var url: String

    @OptionGroup var week: WeekOption

    /// Finds the article and the week; an unknown article is an error (exit 65).
    func resolve(_ global: GlobalOptions) throws -> (Configuration, SQLiteDigestStore, StoredArticle, IssueWeek) {
        let configuration = try global.loadConfiguration()
        let database = try global.openDatabase(configuration)
        let canonical = CanonicalURL.canonicalize(url, base: configuration.newsletter.siteURL) ?? url
        guard
            let stored = try SQLiteArticleStore(database: database).article(
                url: canonical, path: PagePath.normalize(urlPath: canonical))
        else { throw ArticleLookupError(url: url) }
        return (
            configuration, SQLiteDigestStore(database: database), stored,
            week.issueWeek(configuration, now: try global.now())
        )
    }
}

/// `bulletin digest pin`.
struct DigestPin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Put an article first in a week's issue.",
        discussion: """
            A pinned article leads the issue whatever its figures, even if it was published before the \
            lookback; several pins keep the order they were made in. Pinning an excluded article lifts the \
            exclusion. An article already sent in an earlier issue stays out.

            Example:
              bulletin digest pin https://example.org/news/some-story --week 2026-W47
            """
    )

    @OptionGroup var target: SteeringTarget
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let (_, store, stored, week) = try target.resolve(global)
        try store.steer(.pin, url: stored.article.url, week: week.description, at: try global.now())
        logger.info("pinned \(stored.article.url) in \(week)")
    }
}

/// `bulletin digest exclude`.
struct DigestExclude: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "Keep an article out of a week's issue.",
        discussion: """
            Excluding a pinned article removes the pin. Use `bulletin digest clear` to undo.

            Example:
              bulletin digest exclude /news/some-story --week 2026-W47
            """
    )

    @OptionGroup var target: SteeringTarget
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let (_, store, stored, week) = try target.resolve(global)
        try store.steer(.exclude, url: stored.article.url, week: week.description, at: try global.now())
        logger.info("excluded \(stored.article.url) from \(week)")
    }
}

/// `bulletin digest clear`.
struct DigestClear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove a pin or an exclusion.",
        discussion: "The article is then selected by its figures alone."
    )

    @OptionGroup var target: SteeringTarget
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let (_, store, stored, week) = try target.resolve(global)
        if try store.unsteer(url: stored.article.url, week: week.description) {
            logger.info("cleared the pin or exclusion of \(stored.article.url) in \(week)")
        } else {
            logger.info("\(stored.article.url) was neither pinned nor excluded in \(week)")
        }
    }
}
