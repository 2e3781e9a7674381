import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// What `pin`, `exclude` and `clear` share: the article's URL, the week, and the lookup.
struct SteeringTarget: ParsableArguments {
    @Argument(help: "The article's URL (as in the feed or as readers share it) or its site path.")
    var url: String

    @OptionGroup var week: WeekOption

    /// Finds the article and the week; an unknown article is an error (exit 65).
    func resolve(_ global: GlobalOptions) throws -> (SteerDigest, StoredArticle, IssueWeek) {
        let environment = try global.environment()
        let steering = try SteerDigest(environment)
        guard let stored = try steering.article(url: url) else { throw ArticleLookupError(url: url) }
        return (steering, stored, week.issueWeek(environment.configuration, now: environment.now()))
    }

    /// Pins or excludes the article for the week, and logs `done` ("pinned", "excluded") with the article and
    /// the week.
    func steer(_ action: SQLiteDigestStore.SteeringAction, _ global: GlobalOptions, done: String) throws {
        let logger = global.makeLogger()
        let (steering, stored, week) = try resolve(global)
        try steering.steer(action, stored, week: week)
        logger.info("\(done) \(stored.article.url) \(action == .pin ? "in" : "from") \(week)")
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
        try target.steer(.pin, global, done: "pinned")
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
        try target.steer(.exclude, global, done: "excluded")
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
        let (steering, stored, week) = try target.resolve(global)
        if try steering.clear(stored, week: week) {
            logger.info("cleared the pin or exclusion of \(stored.article.url) in \(week)")
        } else {
            logger.info("\(stored.article.url) was neither pinned nor excluded in \(week)")
        }
    }
}
