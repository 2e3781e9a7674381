import BulletinCore
import BulletinStore
import Foundation
import Logging

/// Composes one week's issue as `send` freezes it: the selection rendered, with its number and articles.
public struct ComposeIssue {
    /// Where it runs.
    public let environment: AppEnvironment

    /// Composes in `environment`.
    public init(_ environment: AppEnvironment) {
        self.environment = environment
    }

    /// Selects and renders the issue of `issueWeek` from `database`, dated `now`; nil (and a notice) when the
    /// week has too few articles.
    ///
    /// - Throws: the store's errors; template errors.
    public func callAsFunction(week issueWeek: IssueWeek, database: Database, now: Date) throws -> FrozenIssue? {
        try composed(week: issueWeek, database: database).map { $0.frozen(at: now) }
    }

    /// Selects and renders the issue of `issueWeek` from `database`, keeping the selection (for the preflight);
    /// nil (and a notice) when the week has too few articles.
    ///
    /// - Throws: the store's errors; template errors.
    public func composed(week issueWeek: IssueWeek, database: Database) throws -> ComposedIssue? {
        let plan = try DigestPlan.load(
            configuration: environment.configuration, database: database, week: issueWeek,
            logger: environment.logger)
        if let reason = plan.selection.noIssueReason {
            environment.logger.notice("\(reason)")
            return nil
        }
        let rendered = try plan.renderer().render(plan.issue)
        Self.warnIfSectionsHidden(rendered, logger: environment.logger)
        return ComposedIssue(plan: plan, rendered: rendered)
    }

    /// Logs a warning when the issue has topic sections but the templates show none of them (templates from
    /// before sections): every reader then gets the same issue, which may not be meant.
    public static func warnIfSectionsHidden(_ rendered: RenderedDigest, logger: Logger) {
        guard !rendered.sections.isEmpty, rendered.sections.allSatisfy({ $0.html.isEmpty && $0.text.isEmpty })
        else { return }
        logger.warning(
            """
            the digest templates do not show the topic sections ({{#sections}}…{{/sections}}); readers get the \
            issue without them (Templates/README.md, "Topic sections")
            """)
    }

    /// The issue `--dry-run` and `--test` use: the frozen one (its ledger says who is still due), or one composed
    /// now and not stored; nil when there is none.
    public func issueToShow(week issueWeek: IssueWeek, ledger: SQLiteDeliveryLedger, now: Date) throws -> ShownIssue? {
        if let frozen = try ledger.issue(week: issueWeek.description) {
            return ShownIssue(issue: frozen, isFrozen: true)
        }
        return try self(week: issueWeek, database: ledger.database, now: now).map {
            ShownIssue(issue: $0, isFrozen: false)
        }
    }
}

/// The issue `--dry-run` and `--test` use, and whether a send froze it.
public struct ShownIssue: Sendable {
    /// The issue.
    public var issue: FrozenIssue
    /// Whether it is the stored one (its ledger says who is still due), or one composed just now.
    public var isFrozen: Bool

    /// An issue, frozen or not.
    public init(issue: FrozenIssue, isFrozen: Bool) {
        self.issue = issue
        self.isFrozen = isFrozen
    }
}

/// An issue composed and not yet frozen: its selection and its rendering.
public struct ComposedIssue {
    /// The selection and the issue around it.
    public let plan: DigestPlan
    /// The rendered parts.
    public let rendered: RenderedDigest

    /// The issue as `send` freezes it, dated `now`.
    public func frozen(at now: Date) -> FrozenIssue {
        FrozenIssue(
            rendered, number: plan.issue.number, articles: plan.selection.chosen.map(\.article.url), at: now)
    }
}
