import BulletinCore
import BulletinStore
import Crypto
import Foundation

/// Reads a log or an export and writes its page views through a ``PageViewWriter``: the work of
/// `views import`, apart from the command line.
struct ViewImporter {
    /// What an import read.
    struct Outcome {
        /// What was counted.
        var counts: ViewImportCounts
        /// Bytes read.
        var bytes: Int
        /// One line per unreadable line or row, the first few only.
        var problems: [String]
        /// What an export was recognized as ("GA4 export"); nil for a log.
        var source: String? = nil
    }

    /// The zone whose days views are counted in.
    let timeZone: TimeZone
    /// The site: export rows of other hosts are skipped.
    let site: URL?
    /// The input's name for messages.
    let name: String

    /// Imports a combined or common log.
    ///
    /// - Throws: ``ViewsImportError`` when no line can be read; ``InputFileError``; store errors.
    func importLog(path: String, writer: PageViewWriter) throws -> Outcome {
        let reader = try LineReader(path: path)
        let aggregator = PageViewAggregator(timeZone: timeZone) { try writer.write($0) }
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
    func importCSV(path: String, period: ClosedRange<Int64>?, writer: PageViewWriter) throws -> Outcome {
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
                    for row in rows {
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
        counts.pages = totals.count
        counts.days = daysSeen.count
        return Outcome(counts: counts, bytes: bytes, problems: problems, source: format?.source.rawValue)
    }
}

/// A page-view import that cannot be used at all; nothing is written.
enum ViewsImportError: BulletinError {
    /// The input has no lines.
    case empty(String)
    /// No line is in the combined or common format; the first line is kept for the message.
    case notCombined(String, String)
    /// No CSV row could be read.
    case noReadableRow(String)

    var exitStatus: ExitStatus { .dataError }

    var description: String {
        switch self {
        case .empty(let name):
            return "\(name) has no lines; give an access log, or a CSV export with a header and rows."
        case .notCombined(let name, let first):
            return "\(name) has no line in the combined or common log format (the first is '\(first)'); "
                + "check the file, or use --format csv for an analytics export."
        case .noReadableRow(let name):
            return "\(name) has no row that can be read; check the date, url and views columns."
        }
    }
}
