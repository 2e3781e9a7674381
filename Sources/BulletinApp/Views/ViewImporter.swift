import BulletinCore
import BulletinStore
import Crypto
import Foundation

/// Reads a log or an export and writes its page views through a ``PageViewWriter``: the work of
/// `views import`, apart from the command line.
public struct ViewImporter {
    /// What an import read.
    public struct Outcome: Sendable {
        /// What was counted.
        public var counts: ViewImportCounts
        /// Bytes read.
        public var bytes: Int
        /// One line per unreadable line or row, the first few only.
        public var problems: [String]
        /// What an export was recognized as ("GA4 export"); nil for a log.
        public var source: String? = nil
    }

    /// An importer counting days in `timeZone`, keeping rows of `site` only, naming the input `name`.
    public init(timeZone: TimeZone, site: URL?, name: String) {
        self.timeZone = timeZone
        self.site = site
        self.name = name
    }

    /// The zone whose days views are counted in.
    public let timeZone: TimeZone
    /// The site: export rows of other hosts are skipped.
    public let site: URL?
    /// The input's name for messages.
    public let name: String

    /// Imports a combined or common log.
    ///
    /// - Throws: ``ViewsImportError`` when no line can be read; ``InputFileError``; store errors.
    public func importLog(path: String, writer: PageViewWriter) throws -> Outcome {
        let reader = try LineReader(path: path)
        let aggregator = PageViewAggregator(
            timeZone: timeZone, flush: { try writer.write($0) }, flushCampaigns: { try writer.write(campaigns: $0) })
        var begun = false
        var firstLine = ""
        try reader.forEachLine { line, number in
            if !begun, line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                try writer.begin(fingerprint: Array(SHA256.hash(data: Data(buffer: line))))
                firstLine = String(decoding: line.prefix(120), as: UTF8.self)
                begun = true
            }
            try aggregator.add(line, number: number)
        }
        let counts = try aggregator.finish()
        guard counts.lines > 0 else { throw ViewsImportError.empty(name) }
        if counts.unparseable == counts.lines { throw ViewsImportError.notCombined(name, firstLine) }
        let problems = aggregator.unparseableLines.map {
            "line \($0) is not in the combined or common log format; skipped"
        }
        return Outcome(counts: counts, bytes: reader.bytesRead, problems: problems)
    }

    /// Imports an analytics export.
    ///
    /// Comment lines (`#`, as Google Analytics writes above its table) are skipped, and read for the period they
    /// name; a first line that is no known header is skipped up to the next blank line, where the next table may
    /// start; after the table, a blank line followed by a comment ends it.
    ///
    /// - Parameter period: the days a date-less export covers (`--period`), before the export's own.
    /// - Throws: ``ViewsImportError``, ``ViewsCSVError`` for the header, ``InputFileError``; store errors.
    public func importCSV(path: String, period: ClosedRange<Int64>?, writer: PageViewWriter) throws -> Outcome {
        let reader = try CSVReader(path: path)
        try reader.detectSeparator()
        var format: ViewsCSVFormat?
        var headerError: ViewsCSVError?
        var lookingForHeader = true
        var commentPeriod: (first: Int64?, last: Int64?) = (nil, nil)
        var blankAfterRows = false
        // Rows of the table read (a malformed record counts in `counts.lines` but is no table row).
        var tableRows = 0
        var header: [String] = []
        var days = LocalDays(timeZone: timeZone)
        var totals: [String: [Int64: (views: Int, visitors: Int)]] = [:]
        var campaignTotals: [String: [String: [Int64: (views: Int, visitors: Int)]]] = [:]
        var counts = ViewImportCounts()
        var problems: [String] = []
        var bytes = 0
        func problem(_ text: String) {
            counts.unparseable += 1
            if problems.count < PageViewAggregator.reportLimit { problems.append(text) }
        }
        reading: while let next = try reader.next() {
            switch next {
            case .failure(let error):
                counts.lines += 1
                problem(error.description)
            case .success(let record):
                if record.isBlank {
                    if format == nil { lookingForHeader = true } else if counts.lines > 0 { blankAfterRows = true }
                    continue
                }
                if record.fields.first?.hasPrefix("#") == true {
                    if blankAfterRows { break reading }
                    if format == nil {
                        ViewsCSVFormat.readComment(record.fields.joined(separator: ","), into: &commentPeriod)
                    }
                    continue
                }
                blankAfterRows = false
                bytes += record.fields.reduce(record.fields.count) { $0 + $1.utf8.count }
                guard let known = format else {
                    guard lookingForHeader else { continue }
                    lookingForHeader = false
                    var exportPeriod: ClosedRange<Int64>?
                    if let first = commentPeriod.first, let last = commentPeriod.last, first <= last {
                        exportPeriod = first...last
                    }
                    do {
                        format = try ViewsCSVFormat(
                            header: record.fields, line: record.line, site: site, period: period ?? exportPeriod)
                        header = record.fields
                    } catch let error as ViewsCSVError {
                        if headerError == nil { headerError = error }
                    }
                    continue
                }
                tableRows += 1
                if tableRows == 1 {
                    let text = (header + ["\n"] + record.fields).joined(separator: ",")
                    try writer.begin(fingerprint: Array(SHA256.hash(data: Data(text.utf8))))
                }
                counts.lines += 1
                do {
                    let rows = try known.records(
                        record.fields, line: record.line, isFirst: tableRows == 1, days: &days)
                    if rows.isEmpty { counts.other += 1 }
                    let campaign = known.campaign(record.fields)
                    for row in rows {
                        if let campaign {
                            counts.campaignViews += row.views
                            let earlier = campaignTotals[campaign]?[row.path]?[row.day] ?? (0, 0)
                            campaignTotals[campaign, default: [:]][row.path, default: [:]][row.day] = (
                                earlier.views + row.views, earlier.visitors + row.visitors
                            )
                        }
                        let earlier = totals[row.path]?[row.day] ?? (0, 0)
                        totals[row.path, default: [:]][row.day] = (
                            earlier.views + row.views, earlier.visitors + row.visitors
                        )
                        counts.views += row.views
                    }
                } catch let error as ViewsCSVError {
                    problem(error.description)
                }
            }
        }
        if format == nil, let headerError { throw headerError }
        guard format != nil, counts.lines > 0 else { throw ViewsImportError.empty(name) }
        if counts.unparseable == counts.lines { throw ViewsImportError.noReadableRow(name) }
        var rows: [DailyPageViews] = []
        var daysSeen = Set<Int64>()
        for (path, byDay) in totals {
            for (day, tally) in byDay {
                rows.append(DailyPageViews(path: path, day: day, views: tally.views, visitors: tally.visitors))
                daysSeen.insert(day)
            }
        }
        rows.sort { ($0.day, $0.path) < ($1.day, $1.path) }
        try writer.write(rows)
        var campaignRows: [DailyCampaignViews] = []
        for (campaign, byPath) in campaignTotals {
            for (path, byDay) in byPath {
                for (day, tally) in byDay {
                    campaignRows.append(
                        DailyCampaignViews(
                            path: path, day: day, campaign: campaign, visits: tally.views, visitors: tally.visitors))
                }
            }
        }
        campaignRows.sort { ($0.day, $0.path, $0.campaign) < ($1.day, $1.path, $1.campaign) }
        try writer.write(campaigns: campaignRows)
        counts.pages = totals.count
        counts.days = daysSeen.count
        return Outcome(counts: counts, bytes: bytes, problems: problems, source: format?.source.rawValue)
    }
}
