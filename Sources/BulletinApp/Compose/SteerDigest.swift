import BulletinCore
import BulletinStore
import Foundation

/// `digest pin`, `exclude` and `clear`: an editor's say over one week's selection.
public struct SteerDigest {
    /// Where it runs.
    public let environment: AppEnvironment
    private let database: Database

    /// Steering in `environment`, on its database.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(_ environment: AppEnvironment) throws {
        self.environment = environment
        database = try environment.openDatabase()
    }

    /// The stored article `url` names (as in the feed, as readers share it, or its site path); nil when there is
    /// none.
    public func article(url: String) throws -> StoredArticle? {
        let canonical = CanonicalURL.canonicalize(url, base: environment.configuration.newsletter.siteURL) ?? url
        return try SQLiteArticleStore(database: database).article(
            url: canonical, path: PagePath.normalize(urlPath: canonical))
    }

    /// Pins or excludes `article` in `week`.
    public func steer(_ action: SQLiteDigestStore.SteeringAction, _ article: StoredArticle, week: IssueWeek) throws {
        try SQLiteDigestStore(database: database).steer(
            action, url: article.article.url, week: week.description, at: environment.now())
    }

    /// Removes the pin or exclusion of `article` in `week`.
    ///
    /// - Returns: whether there was one.
    public func clear(_ article: StoredArticle, week: IssueWeek) throws -> Bool {
        try SQLiteDigestStore(database: database).unsteer(url: article.article.url, week: week.description)
    }

    /// Every exclusion rule, lasting ones first.
    public func rules() throws -> [ExclusionRule] {
        try SQLiteDigestStore(database: database).rules(week: nil)
    }

    /// Keeps what `match` names out of `week`'s issue, or out of every issue when `week` is nil.
    public func exclude(_ match: ExclusionRule.Match, week: IssueWeek?) throws -> ExclusionRule {
        let rule = ExclusionRule(match: match, week: week?.description, createdAt: environment.now())
        try SQLiteDigestStore(database: database).addRule(rule)
        return rule
    }

    /// Removes the rule for `match` in `week` (nil: the lasting one).
    ///
    /// - Throws: ``DigestRuleError/noSuchRule(_:)`` when there is none.
    public func removeRule(_ match: ExclusionRule.Match, week: IssueWeek?) throws {
        guard try SQLiteDigestStore(database: database).removeRule(match, week: week?.description) else {
            throw DigestRuleError.noSuchRule(
                ExclusionRule(match: match, week: week?.description, createdAt: environment.now()).description)
        }
    }
}

extension SteerDigest {
    /// The editor's note of `week`, as written; nil when there is none.
    public func note(week: IssueWeek) throws -> String? {
        try SQLiteDigestStore(database: database).note(week: week.description)
    }

    /// Sets the note of `week`.
    ///
    /// - Throws: ``DigestRuleError/alreadySent(_:)`` when the week's issue is frozen: its note went out with it.
    public func setNote(_ text: String, week: IssueWeek) throws {
        try refuseFrozen(week)
        try SQLiteDigestStore(database: database).setNote(text, week: week.description, at: environment.now())
    }

    /// Removes the note of `week`; returns whether there was one.
    ///
    /// - Throws: ``DigestRuleError/alreadySent(_:)`` when the week's issue is frozen.
    public func clearNote(week: IssueWeek) throws -> Bool {
        try refuseFrozen(week)
        return try SQLiteDigestStore(database: database).clearNote(week: week.description)
    }

    private func refuseFrozen(_ week: IssueWeek) throws {
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        if try ledger.issue(week: week.description) != nil { throw DigestRuleError.alreadySent(week.description) }
    }
}

/// A rule that cannot be removed.
public enum DigestRuleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No rule like that exists.
    case noSuchRule(String)
    /// The week's issue is frozen: what it says can no longer change.
    case alreadySent(String)

    /// One sentence.
    public var description: String {
        switch self {
        case .noSuchRule(let rule): "there is no exclusion rule \(rule)."
        case .alreadySent(let week): "\(week) was already sent; its issue keeps the note it went out with."
        }
    }
}
