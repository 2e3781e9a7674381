import ArgumentParser
import BulletinCore
import BulletinNet
import BulletinStore
import Foundation

/// `bulletin articles import`.
struct ImportArticles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import articles from RSS, Atom or JSON Feed documents.",
        discussion: """
            Each SOURCE is a file, - for standard input, or an http(s) URL. The format is detected from the \
            content: RSS 0.9x/1.0/2.0 (with content:encoded, dc:creator, media:content, media:thumbnail and \
            enclosures), Atom 1.0, or JSON Feed 1.0/1.1.

            A URL is fetched with at most 5 redirects, a 10 s connect and 30 s total timeout, and gzip or \
            deflate compression. The server's ETag and Last-Modified are remembered per feed and sent back the \
            next time; an answer of 304 Not Modified means there is nothing new.

            An article is added when its canonical URL is new, and updated when a field changed. An item \
            without a link, or with no date that can be read (neither its own nor the feed's), is skipped with \
            a warning; a repeated guid or link keeps the first item.

            Every source is read and checked before anything is written: a malformed feed (reported with its \
            line and column) or one without a usable item stops the import with exit status 65, an HTTP error \
            or timeout with 69, and nothing is written.

            Examples:
              bulletin articles import https://example.org/feed.xml
              curl -s https://example.org/feed.json | bulletin articles import -
            """
    )

    @Argument(help: ArgumentHelp("Feed files, - for standard input, or http(s) URLs.", valueName: "source"))
    var sources: [String]

    @Flag(help: "Fetch URLs in full, without sending the remembered ETag and Last-Modified.")
    var refresh = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if sources.isEmpty { throw ValidationError("Give at least one feed: a file, - or a URL.") }
        if sources.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read once.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let store = SQLiteArticleStore(database: try global.openDatabase(configuration))
        let now = try global.now()
        var fetcher: CurlFeedFetcher?
        var batches: [ArticleBatch] = []
        var formats: [String] = []
        var skipped: [Int] = []
        var notModified: [(String, FeedValidators)] = []

        for source in sources {
            let data: Data
            var documentURL: URL?
            var validators: FeedValidators?
            if let url = Self.webURL(source) {
                let client = try fetcher ?? CurlFeedFetcher()
                fetcher = client
                let remembered = refresh ? nil : try store.validators(feed: source)
                let sent = remembered.map { HTTPValidators(etag: $0.etag, lastModified: $0.lastModified) }
                logger.debug("fetching \(source)")
                switch try client.fetch(url, validators: sent) {
                case .notModified(let kept):
                    notModified.append((source, FeedValidators(etag: kept.etag, lastModified: kept.lastModified)))
                    continue
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
            for warning in feed.warnings.prefix(ImportSubscribers.reportLimit) {
                logger.warning("\(source): \(warning)")
            }
            if feed.warnings.count > ImportSubscribers.reportLimit {
                logger.warning(
                    "\(source): … and \(feed.warnings.count - ImportSubscribers.reportLimit) more skipped items")
            }
            batches.append(ArticleBatch(feed: source, articles: feed.articles, validators: validators))
            formats.append(feed.format.rawValue)
            skipped.append(feed.warnings.filter { $0.contains("skipped") }.count)
        }

        let results = try store.save(batches, at: now)
        for (source, kept) in notModified { try store.recordUnchanged(feed: source, validators: kept, at: now) }
        let out = Terminal.standardOutput
        for (index, batch) in batches.enumerated() {
            let counts = results[index]
            out.line(
                "\(batch.feed == "-" ? "standard input" : batch.feed) (\(formats[index])): "
                    + "\(counts.added.grouped) added, \(counts.updated.grouped) updated, "
                    + "\(counts.unchanged.grouped) unchanged, \(skipped[index].grouped) skipped.")
        }
        for (source, _) in notModified { out.line("\(source): not modified since the last import (HTTP 304).") }
    }

    /// The source as a URL when it is an http(s) address; nil for a file or `-`.
    static func webURL(_ source: String) -> URL? {
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
