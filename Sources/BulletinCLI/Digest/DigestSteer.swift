import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// What `pin`, `exclude` and `clear` share: the article's URL, the week, and the lookup.
struct SteeringTarget: ParsableArguments {
    init() {}

    init(url: String, week: WeekOption) {
        self.url = url
        self.week = week
    }

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
        abstract: "Keep an article, or every article under a path, out of a week's issue or of every issue.",
        discussion: """
            With a URL: that article stays out of the week's issue (excluding a pinned article removes the pin). \
            With --path-prefix: every article whose path starts with it (a live blog, a section). --always makes \
            either a lasting rule that holds every week, until `bulletin digest clear` removes it; \
            `bulletin digest rules` lists the rules. A pinned article is kept despite a path-prefix rule.

            Examples:
              bulletin digest exclude /news/some-story --week 2026-W47
              bulletin digest exclude https://example.org/live/election-night --always
              bulletin digest exclude --path-prefix /live/ --always
            """
    )

    @Argument(help: "The article's URL (as in the feed or as readers share it) or its site path.")
    var url: String?

    @Option(name: .customLong("path-prefix"), help: ArgumentHelp("Every article under this path.", valueName: "path"))
    var pathPrefix: String?

    @Flag(help: "Every week, not only the one given (a lasting rule).")
    var always = false

    @OptionGroup var week: WeekOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if (url == nil) == (pathPrefix == nil) {
            throw ValidationError("give either an article's URL or --path-prefix PATH.")
        }
        if let pathPrefix, ExclusionRule.normalizedPrefix(pathPrefix) == nil {
            throw ValidationError("--path-prefix '\(pathPrefix)' is empty; write it like /live/.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        if let url, !always {
            try SteeringTarget(url: url, week: week).steer(.exclude, global, done: "excluded")
            return
        }
        let environment = try global.environment()
        let steering = try SteerDigest(environment)
        let match = try DigestRuleTarget(url: url, pathPrefix: pathPrefix).match(steering)
        let issueWeek = always ? nil : week.issueWeek(environment.configuration, now: environment.now())
        let rule = try steering.exclude(match, week: issueWeek)
        logger.info("excluded \(rule.description)")
    }
}

/// `bulletin digest clear`.
struct DigestClear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove a pin, an exclusion or an exclusion rule.",
        discussion: """
            With a URL: the week's pin or exclusion of that article; with --always, its lasting rule. With \
            --path-prefix: the week's path rule, or with --always the lasting one. A rule that does not exist is \
            an error (exit 65); `bulletin digest rules` lists them.

            Examples:
              bulletin digest clear /news/some-story --week 2026-W47
              bulletin digest clear --path-prefix /live/ --always
            """
    )

    @Argument(help: "The article's URL (as in the feed or as readers share it) or its site path.")
    var url: String?

    @Option(
        name: .customLong("path-prefix"), help: ArgumentHelp("The path of a path-prefix rule.", valueName: "path"))
    var pathPrefix: String?

    @Flag(help: "The lasting rule, not the week's.")
    var always = false

    @OptionGroup var week: WeekOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if (url == nil) == (pathPrefix == nil) {
            throw ValidationError("give either an article's URL or --path-prefix PATH.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        if let url, !always {
            let (steering, stored, week) = try SteeringTarget(url: url, week: week).resolve(global)
            if try steering.clear(stored, week: week) {
                logger.info("cleared the pin or exclusion of \(stored.article.url) in \(week)")
            } else {
                logger.info("\(stored.article.url) was neither pinned nor excluded in \(week)")
            }
            return
        }
        let environment = try global.environment()
        let steering = try SteerDigest(environment)
        let match = try DigestRuleTarget(url: url, pathPrefix: pathPrefix).match(steering)
        let issueWeek = always ? nil : week.issueWeek(environment.configuration, now: environment.now())
        try steering.removeRule(match, week: issueWeek)
        logger.info(
            "removed the rule \(ExclusionRule(match: match, week: issueWeek?.description, createdAt: .now).description)"
        )
    }
}

/// `bulletin digest rules`.
struct DigestRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the editors' exclusion rules: lasting ones, and path rules for one week.",
        discussion: "A week's exclusions of single articles are shown by `bulletin digest show`."
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let rules = try SteerDigest(try global.environment()).rules()
        let out = Terminal.standardOutput
        if json {
            let objects: [[String: Any]] = rules.map { rule in
                let (kind, value): (String, String) =
                    switch rule.match {
                    case .url(let url): ("url", url)
                    case .pathPrefix(let prefix): ("path_prefix", prefix)
                    }
                return [
                    "kind": kind, "value": value, "week": rule.week ?? NSNull(),
                    "created_at": Timestamp.format(rule.createdAt),
                ]
            }
            let data = try JSONSerialization.data(
                withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
            out.line(String(decoding: data, as: UTF8.self))
            return
        }
        guard !rules.isEmpty else {
            out.line("No exclusion rules; `bulletin digest exclude --always` or `--path-prefix` makes one.")
            return
        }
        for rule in rules {
            out.line("\(rule.description) (since \(Timestamp.format(rule.createdAt)))")
        }
    }
}

/// The URL or path prefix a rule names.
struct DigestRuleTarget {
    let url: String?
    let pathPrefix: String?

    /// The rule's match: a stored article's canonical URL, or the normalized prefix.
    func match(_ steering: SteerDigest) throws -> ExclusionRule.Match {
        if let pathPrefix, let prefix = ExclusionRule.normalizedPrefix(pathPrefix) { return .pathPrefix(prefix) }
        let url = url ?? ""
        guard let stored = try steering.article(url: url) else { throw ArticleLookupError(url: url) }
        return .url(stored.article.url)
    }
}
