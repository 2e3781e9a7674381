import BulletinCore
import BulletinStore
import Foundation

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
        let plan = try DigestPlan.load(
            configuration: environment.configuration, database: database, week: issueWeek,
            logger: environment.logger)
        if let reason = plan.selection.noIssueReason {
            environment.logger.notice("\(reason)")
            return nil
        }
        let rendered = try plan.renderer().render(plan.issue)
        return FrozenIssue(
            rendered, number: plan.issue.number, articles: plan.selection.chosen.map(\.article.url), at: now)
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
