import BulletinCore
import BulletinStore
import Foundation

/// `bulletin check`, and what `send` runs before it freezes an issue: the composed issue's links, size, subject,
/// images and selection, each finding blocking or a warning (``PreflightRules``).
public struct Preflight {
    /// Where it runs.
    public let environment: AppEnvironment
    /// Asks the article links whether they still answer.
    public let links: any LinkChecker

    /// A preflight in `environment`, checking links with `links` (by default the environment's libcurl checker).
    public init(_ environment: AppEnvironment, links: (any LinkChecker)? = nil) {
        self.environment = environment
        self.links = links ?? environment.linkChecker()
    }

    /// Checks the issue of `issueWeek`: the frozen one when the week was frozen, otherwise the one `send` would
    /// compose now.
    ///
    /// - Throws: the store's errors; template errors.
    public func run(week issueWeek: IssueWeek) throws -> PreflightReport {
        let database = try environment.openDatabaseToRead()
        if let frozen = try SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts)
        ).issue(week: issueWeek.description) {
            return check(frozen)
        }
        let plan = try DigestPlan.load(
            configuration: environment.configuration, database: database, week: issueWeek,
            logger: environment.logger)
        guard plan.selection.isIssue else { return check(plan, rendered: nil) }
        return check(plan, rendered: try plan.renderer().render(plan.issue))
    }

    /// Checks a composed issue; `rendered` nil when the week has too few articles to render one.
    public func check(_ plan: DigestPlan, rendered: RenderedDigest?) -> PreflightReport {
        let configuration = plan.configuration
        // The largest message: a reader with every topic that has a section.
        let html = rendered.map { rendered in
            rendered.forReader(topics: rendered.sections.map(\.topic)).html.filled(
                PersonalFields.anonymous(
                    linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
                    email: configuration.newsletter.from.address.value, week: plan.issue.id))
        }
        let urls = plan.selection.chosen.map(\.article.url)
        let all = Self.withSections(urls, rendered?.sections ?? [])
        let input = PreflightInput(
            subject: rendered?.subject ?? "", html: html ?? "", articleURLs: all, articleCount: urls.count,
            minArticles: plan.selection.minArticles, usedNewestFallback: plan.selection.usedNewestFallback,
            siteURL: configuration.newsletter.siteURL)
        return PreflightReport(
            week: plan.issue.id, number: plan.selection.isIssue ? plan.issue.number : nil, isFrozen: false,
            findings: PreflightRules.findings(input, links: links.check(all)))
    }

    /// Checks an issue already frozen, as it was sent (its selection's fallback and size rules no longer apply).
    public func check(_ frozen: FrozenIssue) -> PreflightReport {
        let configuration = environment.configuration
        let html = frozen.rendered.forReader(topics: frozen.sections.map(\.topic)).html.filled(
            PersonalFields.anonymous(
                linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
                email: configuration.newsletter.from.address.value, week: frozen.week))
        let all = Self.withSections(frozen.articles, frozen.sections)
        let input = PreflightInput(
            subject: frozen.subject, html: html, articleURLs: all, articleCount: frozen.articles.count,
            minArticles: 0, usedNewestFallback: false, siteURL: configuration.newsletter.siteURL)
        return PreflightReport(
            week: frozen.week, number: frozen.number, isFrozen: true,
            findings: PreflightRules.findings(input, links: links.check(all)))
    }

    /// The main block's article URLs, then those of the sections that are not already listed.
    static func withSections(_ urls: [String], _ sections: [RenderedSection]) -> [String] {
        var seen = Set(urls)
        return urls + sections.flatMap(\.articles).filter { seen.insert($0).inserted }
    }
}

/// What the preflight found about one week's issue.
public struct PreflightReport: Sendable, Equatable {
    /// The week, like `2026-W47`.
    public var week: String
    /// The issue's number; nil when the week has no issue.
    public var number: Int?
    /// Whether the checked issue is the frozen one.
    public var isFrozen: Bool
    /// Every finding, blocking ones first.
    public var findings: [PreflightFinding]

    /// A report.
    public init(week: String, number: Int?, isFrozen: Bool, findings: [PreflightFinding]) {
        self.week = week
        self.number = number
        self.isFrozen = isFrozen
        self.findings = findings
    }

    /// The blocking findings.
    public var blocking: [PreflightFinding] { findings.filter(\.isBlocking) }
    /// Whether `send` refuses the issue.
    public var blocks: Bool { !blocking.isEmpty }
}

/// The preflight found blocking problems: nothing was frozen or sent.
public struct PreflightBlocked: Error, CustomStringConvertible, Sendable, Equatable {
    /// The week.
    public var week: String
    /// How many blocking findings.
    public var count: Int
    /// Whether it stopped a send (otherwise `check` reports it).
    public var stoppedSend: Bool

    /// The error.
    public init(week: String, count: Int, stoppedSend: Bool) {
        self.week = week
        self.count = count
        self.stoppedSend = stoppedSend
    }

    /// One line.
    public var description: String {
        let problems = "\(count) blocking problem\(count == 1 ? "" : "s")"
        return stoppedSend
            ? "the preflight found \(problems) in \(week)'s issue (listed above); nothing was frozen or sent."
            : "\(week)'s issue has \(problems); send refuses it until \(count == 1 ? "it is" : "they are") fixed."
    }
}
