import BulletinCore
import BulletinStore
import Foundation

/// A week whose issue is frozen, as `preview` and `digest show` show it: what was sent, never a new ranking.
public struct SentIssue: Sendable {
    /// One article of the issue, in issue order.
    public struct Entry: Sendable, Equatable {
        /// Its canonical URL, as frozen.
        public var url: String
        /// Its title and publication as stored now; nil when the article is no longer in the database.
        public var article: Article?
    }

    /// The frozen issue.
    public var issue: FrozenIssue
    /// Its articles, lead first.
    public var entries: [Entry]

    /// The sent issue of `issueWeek` in `environment`'s database; nil when the week was not frozen.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public static func load(_ environment: AppEnvironment, week issueWeek: IssueWeek) throws -> SentIssue? {
        let database = try environment.openDatabaseToRead()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        guard let frozen = try ledger.issue(week: issueWeek.description) else { return nil }
        let articles = SQLiteArticleStore(database: database)
        let entries = try frozen.articles.map { url in
            Entry(url: url, article: try articles.article(url: url, path: PagePath.normalize(urlPath: url))?.article)
        }
        return SentIssue(issue: frozen, entries: entries)
    }
}
