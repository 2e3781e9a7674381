import BulletinCore
import BulletinNet
import BulletinStore
import Foundation
import Logging

/// Imports articles from feed files, standard input or URLs: the work of `bulletin articles import`, apart from
/// the command line.
///
/// Every source is read and checked before anything is written. A malformed feed stops the import and nothing is
/// written. A source that cannot be had or holds nothing (without a usable item, an HTTP error, a missing file) is
/// left out with a warning while the others are imported; when every source fails, the first failure stops the
/// import and nothing is written. A URL is fetched with the feed's remembered
/// ETag and Last-Modified.
public struct ArticleImport {
    /// How many warnings of one feed are logged one line each before only a count is given.
    public static let reportLimit = 20

    /// The articles.
    public let store: SQLiteArticleStore
    /// When the import happens.
    public let now: Date
    /// Where the feeds' warnings are logged.
    public let logger: Logger
    /// Makes the fetcher of URLs, when the first URL is met (files need none).
    private let makeFetcher: () throws -> any FeedFetcher

    /// An import into `store` at `now`, fetching URLs through `makeFetcher` (by default libcurl).
    public init(
        store: SQLiteArticleStore, now: Date, logger: Logger,
        makeFetcher: @escaping () throws -> any FeedFetcher = { try CurlFeedFetcher() }
    ) {
        self.store = store
        self.now = now
        self.logger = logger
        self.makeFetcher = makeFetcher
    }

    /// An import into the environment's database, at its current time, logging to its logger.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(environment: AppEnvironment) throws {
        self.init(
            store: SQLiteArticleStore(database: try environment.openDatabase()), now: environment.now(),
            logger: environment.logger)
    }

    /// What one source gave.
    public struct Imported: Sendable, Equatable {
        /// The source as given (`-` for standard input).
        public var source: String
        /// The feed's format as detected (`RSS`, `Atom`, `JSON Feed`).
        public var format: String
        /// Articles added, updated and unchanged.
        public var counts: ArticleSaveCounts
        /// Items skipped (no link, no date).
        public var skipped: Int

        /// The source's name for messages.
        public var name: String { source == "-" ? "standard input" : source }
    }

    /// What an import did.
    public struct Result: Sendable, Equatable {
        /// The sources read, in the order given.
        public var imported: [Imported]
        /// The URLs whose server answered 304 Not Modified.
        public var notModified: [String]
        /// The sources left out, each with the sentence saying why (logged as warnings too).
        public var failed: [Failure] = []
    }

    /// A source left out of an import that went on with the others.
    public struct Failure: Sendable, Equatable {
        /// The source as given.
        public var source: String
        /// Why it was left out.
        public var reason: String
    }

    /// Reads every source, then saves them all in one go.
    ///
    /// - Parameter refresh: fetch URLs in full, without the remembered validators.
    /// - Throws: ``FeedError`` for a malformed feed; when every source fails, the first one's ``InputFileError``,
    ///   ``FeedError`` or ``HTTPFetchError``; store errors. Nothing is written then.
    public func run(sources: [String], refresh: Bool) throws -> Result {
        var fetcher: (any FeedFetcher)?
        var batches: [ArticleBatch] = []
        var formats: [String] = []
        var skipped: [Int] = []
        var notModified: [(String, FeedValidators)] = []
        var failures: [(source: String, error: any Error)] = []

        for source in sources {
            do {
                try read(
                    source, refresh: refresh, fetcher: &fetcher, batches: &batches, formats: &formats,
                    skipped: &skipped, notModified: &notModified)
            } catch let error as SQLiteError {
                throw error
            } catch let error as FeedError where !error.isEmptyFeed {
                // A malformed document is bad input: it stops the import, as it always did.
                throw error
            } catch {
                failures.append((source, error))
            }
        }
        if let first = failures.first, failures.count == sources.count { throw first.error }
        for failure in failures { logger.warning("\(failure.error)") }

        let results = try store.save(batches, at: now)
        for (source, kept) in notModified { try store.recordUnchanged(feed: source, validators: kept, at: now) }
        return Result(
            imported: batches.indices.map {
                Imported(source: batches[$0].feed, format: formats[$0], counts: results[$0], skipped: skipped[$0])
            },
            notModified: notModified.map(\.0),
            failed: failures.map { Failure(source: $0.source, reason: "\($0.error)") })
    }

    /// Reads and parses one source, adding it to the batches, or to the unmodified feeds on a 304.
    private func read(
        _ source: String, refresh: Bool, fetcher: inout (any FeedFetcher)?, batches: inout [ArticleBatch],
        formats: inout [String], skipped: inout [Int], notModified: inout [(String, FeedValidators)]
    ) throws {
        let data: Data
        var documentURL: URL?
        var validators: FeedValidators?
        if let url = Self.webURL(source) {
            let client = try fetcher ?? makeFetcher()
            fetcher = client
            let remembered = refresh ? nil : try store.validators(feed: source)
            let sent = remembered.map { HTTPValidators(etag: $0.etag, lastModified: $0.lastModified) }
            logger.debug("fetching \(source)")
            switch try client.fetch(url, validators: sent) {
            case .notModified(let kept):
                notModified.append((source, FeedValidators(etag: kept.etag, lastModified: kept.lastModified)))
                return
            case .fetched(let body, let finalURL, let received):
                data = body
                documentURL = finalURL
                validators = FeedValidators(etag: received.etag, lastModified: received.lastModified)
            }
        } else {
            data = try Self.read(source)
        }
        let feed = try FeedParser.parse(
            data, source: source == "-" ? "standard input" : source, documentURL: documentURL)
        for warning in feed.warnings.prefix(Self.reportLimit) {
            logger.warning("\(source): \(warning)")
        }
        if feed.warnings.count > Self.reportLimit {
            logger.warning("\(source): … and \(feed.warnings.count - Self.reportLimit) more skipped items")
        }
        batches.append(ArticleBatch(feed: source, articles: feed.articles, validators: validators))
        formats.append(feed.format.rawValue)
        skipped.append(feed.warnings.filter { $0.contains("skipped") }.count)
    }

    /// The source as a URL when it is an http(s) address; nil for a file or `-`.
    public static func webURL(_ source: String) -> URL? {
        let lower = source.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        return URL(string: source)
    }

    /// The whole file, or standard input for `-`.
    static func read(_ source: String) throws -> Data {
        if source == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let handle = FileHandle(forReadingAtPath: source) else {
            throw InputFileError(path: source, code: FileManager.default.fileExists(atPath: source) ? EACCES : ENOENT)
        }
        defer { try? handle.close() }
        return handle.readDataToEndOfFile()
    }
}

extension FeedError {
    /// Whether the feed is well-formed but holds no item that could be imported.
    var isEmptyFeed: Bool {
        if case .noUsableItem = problem { return true }
        return false
    }
}
