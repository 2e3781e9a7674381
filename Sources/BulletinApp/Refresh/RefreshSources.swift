import BulletinCore
import BulletinNet
import BulletinStore
import Crypto
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Imports what is new in the sources of `[sources]`: the work of `bulletin refresh`, and of `send --if-due`
/// before it composes a new issue.
///
/// Feeds are fetched with the ETag and Last-Modified of the last fetch (a 304 imports nothing); feed files are
/// read again (cheap: unchanged articles stay as they are). A log is known by its first line: a refresh reads it
/// from where the last one stopped, so a log that grew, or was renamed by rotation, is counted once, while a log
/// whose first bytes changed, or that is shorter than what was read, is read again from the start (replacing what
/// it gave before). A `.gz` log is read once. An analytics export is imported again when the file changed, as
/// `views import` does (replacing what the same export gave). A source that fails is a warning, not a stop.
public struct RefreshSources {
    /// How many bytes of a log's start are hashed to notice a log rewritten from the start.
    public static let headLength: Int64 = 4096

    /// What kind of source an entry is.
    public enum Kind: String, Sendable, Codable {
        /// A feed of `[sources] feeds`.
        case feed
        /// A log file of `[sources] logs`.
        case log
        /// An analytics export of `[sources] analytics`.
        case analytics
    }

    /// What happened to one source.
    public enum Status: String, Sendable, Codable {
        /// Something was read and imported.
        case imported
        /// The server answered 304 Not Modified.
        case notModified = "not modified"
        /// The file looks as it did at the last refresh, or holds nothing that was not read before.
        case unchanged
        /// Reading it failed, or it was empty: see the entry's warning.
        case failed
    }

    /// One source's line of the report.
    public struct Entry: Sendable, Codable, Equatable {
        /// What it is.
        public var kind: Kind
        /// The URL or path.
        public var source: String
        /// What happened.
        public var status: Status
        /// Articles added (feeds).
        public var added = 0
        /// Articles updated (feeds).
        public var updated = 0
        /// Page views counted (logs, exports).
        public var views = 0
        /// Lines or rows read (logs, exports).
        public var lines = 0
        /// The warning, for a failed source.
        public var warning: String?

        private enum CodingKeys: String, CodingKey {
            case kind, source, status, added, updated, views, lines, warning
        }

        /// Encodes every key, `warning` as null when there is none.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(source, forKey: .source)
            try container.encode(status, forKey: .status)
            try container.encode(added, forKey: .added)
            try container.encode(updated, forKey: .updated)
            try container.encode(views, forKey: .views)
            try container.encode(lines, forKey: .lines)
            try container.encode(warning, forKey: .warning)
        }

        /// The line `bulletin refresh` prints for it.
        public var summary: String {
            let head = "\(kind.rawValue) \(source): "
            switch status {
            case .failed: return head + "failed"
            case .notModified: return head + "not modified"
            case .unchanged: return head + "unchanged"
            case .imported:
                if kind == .feed {
                    return head + "\(added.counted("new article", "new articles")), \(updated) updated"
                }
                return head + "\(views.counted("view", "views")) from "
                    + lines.counted(kind == .log ? "new line" : "row", kind == .log ? "new lines" : "rows")
            }
        }
    }

    /// What a refresh did.
    public struct Report: Sendable, Encodable, Equatable {
        /// One entry per source, feeds first, in the order of `[sources]` (glob matches sorted).
        public var entries: [Entry] = []

        private enum CodingKeys: String, CodingKey {
            case entries, warnings, summary
            case everyFeedFailed = "every_feed_failed"
        }

        /// Encodes the entries, the warnings, the summary line and whether every feed failed.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entries, forKey: .entries)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(summary, forKey: .summary)
            try container.encode(everyFeedFailed, forKey: .everyFeedFailed)
        }

        /// One sentence per source that failed or was empty.
        public var warnings: [String] { entries.compactMap(\.warning) }
        /// Whether there are feeds and every one of them failed.
        public var everyFeedFailed: Bool {
            let feeds = entries.filter { $0.kind == .feed }
            return !feeds.isEmpty && feeds.allSatisfy { $0.status == .failed }
        }
        /// The summary line.
        public var summary: String {
            let added = entries.reduce(0) { $0 + $1.added }
            let views = entries.reduce(0) { $0 + $1.views }
            let failed = entries.filter { $0.status == .failed }.count
            return "Refreshed \(entries.count.counted("source", "sources")): "
                + "\(added.counted("new article", "new articles")), \(views.counted("view", "views"))"
                + (failed > 0 ? ", \(failed) with a warning." : ".")
        }
    }

    /// The sources to read.
    public let sources: Configuration.Sources
    /// The database.
    public let database: Database
    /// When the refresh happens.
    public let now: Date
    /// The zone whose days views are counted in.
    public let timeZone: TimeZone
    /// The site: export rows of other hosts are skipped.
    public let site: URL
    /// Where feed warnings are logged.
    public let logger: Logger
    private let makeFetcher: () throws -> any FeedFetcher

    /// A refresh of `sources` into `database`.
    public init(
        sources: Configuration.Sources, database: Database, now: Date, timeZone: TimeZone, site: URL, logger: Logger,
        makeFetcher: @escaping () throws -> any FeedFetcher = { try CurlFeedFetcher() }
    ) {
        self.sources = sources
        self.database = database
        self.now = now
        self.timeZone = timeZone
        self.site = site
        self.logger = logger
        self.makeFetcher = makeFetcher
    }

    /// A refresh of the environment's `[sources]` (none when the section is absent) into its database.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(environment: AppEnvironment) throws {
        let configuration = environment.configuration
        self.init(
            sources: configuration.sources ?? Configuration.Sources(), database: try environment.openDatabase(),
            now: environment.now(), timeZone: configuration.digest.timeZone, site: configuration.newsletter.siteURL,
            logger: environment.logger)
    }

    /// Reads every source; a source that fails becomes an entry with a warning.
    ///
    /// - Throws: only errors of the database as a whole (``SQLiteError``).
    public func run() throws -> Report {
        var report = Report()
        var fetcher: (any FeedFetcher)?
        let articles = ArticleImport(
            store: SQLiteArticleStore(database: database), now: now, logger: logger,
            makeFetcher: {
                if let fetcher { return fetcher }
                let made = try makeFetcher()
                fetcher = made
                return made
            })
        for feed in sources.feeds {
            report.entries.append(refreshFeed(feed, with: articles))
        }
        let views = SQLitePageViewStore(database: database)
        for pattern in sources.logs {
            let files = expand(pattern, kind: .log)
            report.entries += files.map { $0 ?? refreshLog($1, store: views, alone: files.count == 1) }
        }
        for pattern in sources.analytics {
            report.entries += expand(pattern, kind: .analytics).map { $0 ?? refreshExport($1, store: views) }
        }
        return report
    }

    private func refreshFeed(_ feed: String, with articles: ArticleImport) -> Entry {
        var entry = Entry(kind: .feed, source: feed, status: .imported)
        do {
            let result = try articles.run(sources: [feed], refresh: false)
            if !result.notModified.isEmpty {
                entry.status = .notModified
                return entry
            }
            guard let imported = result.imported.first,
                imported.counts.added + imported.counts.updated + imported.counts.unchanged > 0
            else {
                throw RefreshError.emptyFeed(feed)
            }
            entry.added = imported.counts.added
            entry.updated = imported.counts.updated
            if entry.added == 0, entry.updated == 0 { entry.status = .unchanged }
        } catch {
            entry.status = .failed
            entry.warning = "\(error)"
        }
        return entry
    }

    /// The files `pattern` names, sorted; a failed entry when it names none.
    private func expand(_ pattern: String, kind: Kind) -> [(Entry?, String)] {
        var matches = glob_t()
        defer { globfree(&matches) }
        var paths: [String] = []
        if glob(pattern, 0, nil, &matches) == 0 {
            for index in 0..<Int(matches.gl_pathc) {
                if let raw = matches.gl_pathv[index] { paths.append(String(cString: raw)) }
            }
        }
        paths = paths.filter { !$0.hasSuffix("/") }.sorted()
        guard !paths.isEmpty else {
            let failure = RefreshError.noMatch(pattern)
            return [(Entry(kind: kind, source: pattern, status: .failed, warning: failure.description), pattern)]
        }
        return paths.map { (nil, $0) }
    }

    /// Reads what is new in one log; an empty log is a warning when it is the only file its pattern names (among
    /// rotated logs, a log just rotated is empty until the next request).
    private func refreshLog(_ path: String, store: SQLitePageViewStore, alone: Bool) -> Entry {
        var entry = Entry(kind: .log, source: path, status: .imported)
        do {
            let look = try FileLook(path: path)
            if try store.refreshedLook(path: path) == look {
                entry.status = .unchanged
                return entry
            }
            if look.size == 0, !alone {
                entry.status = .unchanged
                return entry
            }
            let outcome = try readLog(path, look: look, store: store)
            try store.recordRefreshed(path: path, look: look, at: Int64(now.timeIntervalSince1970))
            entry.lines = outcome.lines
            entry.views = outcome.views
            if outcome.lines == 0 { entry.status = .unchanged }
        } catch {
            entry.status = .failed
            entry.warning = "\(error)"
        }
        return entry
    }

    /// Reads what is new in the log at `path` and records how far it was read, in one transaction.
    private func readLog(
        _ path: String, look: FileLook, store: SQLitePageViewStore
    ) throws -> ViewImportCounts {
        let content = try LogContent(path: path)
        let head = try content.peek(64 << 10)
        guard head.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            if head.isEmpty { throw RefreshError.empty(path) }
            return ViewImportCounts()
        }
        guard let first = Self.firstLine(head, complete: content.compressed) else {
            // The first line is still being written.
            return ViewImportCounts()
        }
        let fingerprint = Array(SHA256.hash(data: Data(first)))
        var start: Int64 = 0
        var resume = false
        if let read = try store.logRead(fingerprint: fingerprint), Int64(head.count) >= read.headLength,
            Self.hash(head.prefix(Int(read.headLength))) == read.headHash
        {
            if content.compressed || look.size >= read.offset {
                // The same log as before (grown, renamed by rotation, or compressed): read on from the offset.
                start = read.offset
                resume = true
            }
        }
        if resume, !(try content.skip(to: start)) {
            // A compressed copy shorter than what was read of the log: it holds nothing new.
            return ViewImportCounts()
        }
        let (counts, _) = try store.importViews(name: path, format: "combined", at: now) {
            writer -> (result: ViewImportCounts, lines: Int, bytes: Int) in
            if resume {
                try writer.resume(fingerprint: fingerprint)
            } else {
                try writer.begin(fingerprint: fingerprint)
            }
            let aggregator = PageViewAggregator(
                timeZone: timeZone, flush: { try writer.write($0) },
                flushCampaigns: { try writer.write(campaigns: $0) })
            let consumed = try content.forEachLine(takeUnfinished: content.compressed) { line, number in
                try aggregator.add(line, number: number)
            }
            let counts = try aggregator.finish()
            if counts.lines > 0, counts.unparseable == counts.lines {
                throw ViewsImportError.notCombined(path, String(decoding: first.prefix(120), as: UTF8.self))
            }
            let offset = start + consumed
            let headLength = min(Self.headLength, offset, Int64(head.count))
            try writer.recordLogRead(
                LogRead(
                    offset: offset, headLength: headLength, headHash: Self.hash(head.prefix(Int(headLength))),
                    device: look.device, inode: look.inode))
            return (counts, counts.lines, Int(consumed))
        }
        return counts
    }

    private func refreshExport(_ path: String, store: SQLitePageViewStore) -> Entry {
        var entry = Entry(kind: .analytics, source: path, status: .imported)
        do {
            let look = try FileLook(path: path)
            if try store.refreshedLook(path: path) == look {
                entry.status = .unchanged
                return entry
            }
            guard look.size > 0 else { throw RefreshError.empty(path) }
            let importer = ViewImporter(timeZone: timeZone, site: site, name: path)
            let (outcome, _) = try store.importViews(name: path, format: "csv", at: now) { writer in
                let outcome = try importer.importCSV(path: path, period: nil, writer: writer)
                try writer.replaceOthers(named: path)
                return (outcome, outcome.counts.lines, outcome.bytes)
            }
            try store.recordRefreshed(path: path, look: look, at: Int64(now.timeIntervalSince1970))
            entry.lines = outcome.counts.lines
            entry.views = outcome.counts.views
        } catch {
            entry.status = .failed
            entry.warning = "\(error)"
        }
        return entry
    }

    /// The first line that is not blank, without its line end; nil when `complete` is false and no line ends.
    static func firstLine(_ bytes: [UInt8], complete: Bool) -> [UInt8]? {
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                return complete ? Array(bytes[start...]) : nil
            }
            var line = bytes[start..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { return Array(line) }
            start = newline + 1
        }
        return nil
    }

    /// SHA-256 in hex.
    static func hash(_ bytes: ArraySlice<UInt8>) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }
}
