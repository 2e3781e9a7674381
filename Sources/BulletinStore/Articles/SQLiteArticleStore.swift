import BulletinCore
import Crypto
import Foundation

/// The site's articles and the state of the feeds they come from, in the SQLite database.
public final class SQLiteArticleStore {
    /// The connection.
    public let database: Database

    /// Uses an open database.
    public init(database: Database) {
        self.database = database
    }

    static let columns = """
        a.id, a.url, a.guid, a.title, a.authors, a.published_at, a.updated_at, a.summary_text, a.summary_html, \
        a.categories, a.image_url, a.feed, a.first_seen_at, a.changed_at, a.image_width
        """

    /// Saves every batch in one transaction: new articles are added, changed ones updated (matched by canonical
    /// URL), and each fetched feed's validators remembered.
    ///
    /// - Returns: the counts, one per batch.
    public func save(_ batches: [ArticleBatch], at now: Date) throws -> [ArticleSaveCounts] {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return try database.transaction {
            let find = try database.prepare("SELECT id, content_hash FROM articles WHERE url = ?1")
            let insert = try database.prepare(
                """
                INSERT INTO articles (url, path, guid, title, authors, published_at, updated_at, summary_text,
                    summary_html, categories, image_url, feed, content_hash, first_seen_at, changed_at, image_width)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)
                """)
            let update = try database.prepare(
                """
                UPDATE articles SET path = ?2, guid = ?3, title = ?4, authors = ?5, published_at = ?6,
                    updated_at = ?7, summary_text = ?8, summary_html = ?9, categories = ?10, image_url = ?11,
                    feed = ?12, content_hash = ?13, changed_at = ?14, image_width = ?15
                WHERE url = ?1
                """)
            var results: [ArticleSaveCounts] = []
            for batch in batches {
                var counts = ArticleSaveCounts()
                for article in batch.articles {
                    let hash = Self.contentHash(article)
                    find.reset()
                    try find.bind(article.url, at: 1)
                    let statement: Statement
                    if try find.step() {
                        let stored = try find.string(1)
                        if stored == hash {
                            counts.unchanged += 1
                            continue
                        }
                        counts.updated += 1
                        statement = update
                    } else {
                        counts.added += 1
                        statement = insert
                    }
                    find.reset()
                    try statement.bind(article.url, at: 1)
                    try statement.bind(article.path, at: 2)
                    try statement.bind(article.guid, at: 3)
                    try statement.bind(article.title, at: 4)
                    try statement.bind(CompactJSON.encode(article.authors), at: 5)
                    try statement.bind(UnixTime.seconds(article.published), at: 6)
                    try statement.bind(article.updated.map(UnixTime.seconds), at: 7)
                    try statement.bind(article.summaryText, at: 8)
                    try statement.bind(article.summaryHTML, at: 9)
                    try statement.bind(CompactJSON.encode(article.categories), at: 10)
                    try statement.bind(article.imageURL, at: 11)
                    try statement.bind(batch.feed, at: 12)
                    try statement.bind(hash, at: 13)
                    try statement.bind(seconds, at: 14)
                    try statement.bind(article.imageWidth.map(Int64.init), at: 15)
                    defer { statement.reset() }
                    while try statement.step() {}
                }
                if let validators = batch.validators {
                    try recordCheck(feed: batch.feed, validators: validators, changed: true, at: seconds)
                }
                results.append(counts)
            }
            return results
        }
    }

    /// Remembers that a fetched feed was checked and had not changed (HTTP 304).
    public func recordUnchanged(feed: String, validators: FeedValidators, at now: Date) throws {
        try database.transaction {
            try recordCheck(feed: feed, validators: validators, changed: false, at: UnixTime.seconds(now))
        }
    }

    private func recordCheck(feed: String, validators: FeedValidators, changed: Bool, at seconds: Int64) throws {
        try database.run(
            """
            INSERT INTO feeds (url, etag, last_modified, checked_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (url) DO UPDATE SET
                etag = COALESCE(excluded.etag, feeds.etag),
                last_modified = COALESCE(excluded.last_modified, feeds.last_modified),
                checked_at = excluded.checked_at,
                changed_at = COALESCE(excluded.changed_at, feeds.changed_at)
            """,
            [
                .text(feed), validators.etag.map(SQLValue.text) ?? .null,
                validators.lastModified.map(SQLValue.text) ?? .null, .integer(seconds),
                changed ? .integer(seconds) : .null,
            ])
    }

    /// The validators remembered for a fetched feed, if it was fetched before.
    public func validators(feed: String) throws -> FeedValidators? {
        try database.query("SELECT etag, last_modified FROM feeds WHERE url = ?1", [.text(feed)]) {
            FeedValidators(etag: $0.optionalString(0), lastModified: $0.optionalString(1))
        }.first
    }

    /// The article with this canonical URL, else the newest one with this path, with its all-time views.
    public func article(url: String, path: String) throws -> StoredArticle? {
        try database.query(
            """
            SELECT \(Self.columns), COALESCE(SUM(v.views), 0), COALESCE(SUM(v.visitors), 0)
            FROM articles a LEFT JOIN page_views v ON v.path = a.path
            WHERE a.id = COALESCE((SELECT id FROM articles WHERE url = ?1),
                                  (SELECT id FROM articles WHERE path = ?2 ORDER BY published_at DESC LIMIT 1))
            GROUP BY a.id
            """, [.text(url), .text(path)], row: Self.stored
        ).first
    }

    /// Articles newest first, with their all-time views.
    public func newest(limit: Int?) throws -> [StoredArticle] {
        try database.query(
            """
            SELECT \(Self.columns), COALESCE(v.views, 0), COALESCE(v.visitors, 0)
            FROM articles a LEFT JOIN (SELECT path, SUM(views) AS views, SUM(visitors) AS visitors
                                       FROM page_views GROUP BY path) v ON v.path = a.path
            ORDER BY a.published_at DESC, a.id DESC LIMIT ?1
            """, [.integer(Int64(limit ?? -1))], row: Self.stored)
    }

    /// The week's articles: those read during the days `firstDay...lastDay` or published in the instants
    /// `published`, ranked by visitors, then views, then the newest first.
    public func ranked(
        firstDay: String, lastDay: String, published: Range<Date>, limit: Int?
    ) throws
        -> [StoredArticle]
    {
        try database.query(
            """
            SELECT \(Self.columns), COALESCE(v.views, 0) AS views, COALESCE(v.visitors, 0) AS visitors
            FROM articles a LEFT JOIN (SELECT path, SUM(views) AS views, SUM(visitors) AS visitors
                                       FROM page_views WHERE day BETWEEN ?1 AND ?2 GROUP BY path) v
                ON v.path = a.path
            WHERE v.path IS NOT NULL OR (a.published_at >= ?3 AND a.published_at < ?4)
            ORDER BY visitors DESC, views DESC, a.published_at DESC, a.id DESC LIMIT ?5
            """,
            [
                .text(firstDay), .text(lastDay), .integer(UnixTime.seconds(published.lowerBound)),
                .integer(UnixTime.seconds(published.upperBound)), .integer(Int64(limit ?? -1)),
            ], row: Self.stored)
    }

    /// How many articles are stored.
    public func count() throws -> Int {
        Int(try database.query("SELECT COUNT(*) FROM articles") { $0.int64(0) }.first ?? 0)
    }

    static func stored(_ row: Statement) throws -> StoredArticle {
        let article = Article(
            url: try row.string(1), guid: try row.string(2), title: try row.string(3),
            authors: CompactJSON.decodeList(try row.string(4)) ?? [], published: UnixTime.date(row.int64(5)),
            updated: row.optionalInt64(6).map(UnixTime.date), summaryText: try row.string(7),
            summaryHTML: try row.string(8),
            categories: CompactJSON.decodeList(try row.string(9)) ?? [], imageURL: row.optionalString(10))
        var withWidth = article
        withWidth.imageWidth = row.optionalInt64(14).map { Int($0) }
        return StoredArticle(
            id: row.int64(0), article: withWidth, feed: try row.string(11), firstSeen: UnixTime.date(row.int64(12)),
            changed: UnixTime.date(row.int64(13)), views: Int(row.int64(15)), visitors: Int(row.int64(16)))
    }

    /// A digest of every stored field, to tell a changed article from an unchanged one without comparing each.
    static func contentHash(_ article: Article) -> String {
        let fields =
            [
                article.url, article.guid, article.title, CompactJSON.encode(article.authors),
                String(UnixTime.seconds(article.published)), article.updated.map { String(UnixTime.seconds($0)) } ?? "",
                article.summaryText, article.summaryHTML, CompactJSON.encode(article.categories),
                article.imageURL ?? "",
            ] + (article.imageWidth.map { [String($0)] } ?? [])
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
