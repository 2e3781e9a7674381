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
}
