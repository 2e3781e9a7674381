import Foundation

/// An analytics export of page views, recognized by its header (any case, any order, other columns ignored):
///
/// - a plain export: `date`, `url` or `path`, `views`, optionally `visitors`;
/// - Google Analytics 4 ("Pages and screens"): `Page path and screen class` (or `Page path + query string and
///   screen class`, `Page location`), `Views`, `Active users` / `Users` / `Total users`, optionally `Date`;
/// - Plausible: the dashboard's `pages.csv` (`name`, `visitors`, `pageviews`) and the site export's
///   `imported_pages_….csv` (`date`, `hostname`, `page`, `visitors`, `pageviews`);
/// - Matomo's Page URLs report exported flat (`flat=1`): `label` or `url`, `nb_hits` / `Pageviews`, and
///   `nb_visits` / `Unique Pageviews`, optionally `date`.
///
/// `date` is `YYYY-MM-DD`, `YYYYMMDD`, or an RFC 3339 date-time (taken to its day in the configured zone). An
/// export without a date column covers a period (GA4 names it in its `# Start date:` / `# End date:` lines, or
/// `views import --period` gives it): each row's views and visitors are spread evenly over its days. A `url` or
/// `hostname` of another host than the site's is not the site's page and is skipped.
///
/// A row is a visit of an issue's campaign (see ``campaign(_:)``) when its page column keeps the query string and
/// it carries our tags (GA4's `Page path + query string…`, a full `url`), or when a `Session campaign` column
/// names an issue (and a `Session source` column, if any, says `bulletin`). Exports without either carry no
/// campaign: clicks then come from access logs only.
public struct ViewsCSVFormat {
    /// Which tool's export the header looks like, for messages.
    public enum Source: String, Sendable {
        case plain = "CSV export"
        case googleAnalytics = "GA4 export"
        case plausible = "Plausible export"
        case matomo = "Matomo export"
    }

    /// What the header was recognized as.
    public let source: Source
    private let date: Int?
    private let location: Int
    private let views: Int
    private let visitors: Int?
    private let hostname: Int?
    private let campaignColumn: Int?
    private let campaignSource: Int?
    private let siteHost: String?
    /// The days a date-less export covers; with a date column, the days whose rows are imported.
    private let period: ClosedRange<Int64>?

    /// Header names, lower-cased, in the order they are preferred.
    static let locationNames = [
        "url", "page url", "page location", "path", "page path", "page path and screen class",
        "page path + query string and screen class", "page", "name", "label",
    ]
    static let viewNames = ["views", "pageviews", "page views", "screen page views", "nb_hits"]
    static let visitorNames = [
        "visitors", "unique visitors", "users", "active users", "total users", "nb_uniq_visitors",
        "unique pageviews", "nb_visits",
    ]
    static let dateNames = ["date", "day"]
    static let hostNames = ["hostname", "host name", "host"]
    static let campaignNames = ["session campaign", "session manual campaign name", "campaign", "utm_campaign"]
    static let campaignSourceNames = ["session source", "session manual source", "source", "utm_source"]

    /// Maps the header's columns.
    ///
    /// - Parameters:
    ///   - line: the header's line in the file (below an export's comment lines), for messages.
    ///   - period: the days the export covers when it has no date column (from `--period`, or from the export's
    ///     own comment lines); with a date column, rows of other days are skipped.
    /// - Throws: ``ViewsCSVError`` naming the missing columns, or asking for the period.
    public init(header: [String], line: Int = 1, site: URL?, period: ClosedRange<Int64>? = nil) throws {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ candidates: [String]) -> Int? {
            candidates.lazy.compactMap { names.firstIndex(of: $0) }.first
        }
        guard let location = column(Self.locationNames), let views = column(Self.viewNames) else {
            throw ViewsCSVError(
                line: line,
                problem: "the header must name a page column (url, path, or an analytics tool's page column) and "
                    + "a views column, and may name date and visitors; found: \(names.joined(separator: ", "))",
                remedy: .exportWithHeader)
        }
        let date = column(Self.dateNames)
        if date == nil, period == nil {
            throw ViewsCSVError(
                line: line,
                problem: "the export has no date column, so the days it covers are needed",
                remedy: .givePeriod)
        }
        self.date = date
        self.location = location
        self.views = views
        self.visitors = column(Self.visitorNames)
        self.hostname = column(Self.hostNames)
        self.campaignColumn = column(Self.campaignNames)
        self.campaignSource = column(Self.campaignSourceNames)
        self.siteHost = site?.host?.lowercased()
        self.period = period
        switch names[location] {
        case "page path and screen class", "page path + query string and screen class", "page location":
            source = .googleAnalytics
        case "name":
            source = .plausible
        case "page" where hostname != nil:
            source = .plausible
        case "label":
            source = .matomo
        default:
            source = names[views] == "nb_hits" ? .matomo : .plain
        }
    }

    /// The period named by a Google Analytics comment line (`# Start date: 20261116`, `# End date: 20261122`),
    /// merged into `period`.
    public static func readComment(_ line: String, into period: inout (first: Int64?, last: Int64?)) {
        let text = line.drop { $0 == "#" || $0 == " " }.lowercased()
        for (label, isFirst) in [("start date:", true), ("end date:", false)] where text.hasPrefix(label) {
            let value = text.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
            guard let day = CivilDay.parse(value) else { continue }
            if isFirst { period.first = day } else { period.last = day }
        }
    }

    /// The row's page views: one row per day (several for an export that covers a period), none for a row of
    /// another site, a totals row, `(not set)`, or a day outside the period.
    ///
    /// - Parameter isFirst: the row is the first after the header, where exports put their totals.
    /// - Throws: ``ViewsCSVError`` for a row that cannot be read.
    public func records(
        _ fields: [String], line: Int, isFirst: Bool, days: inout LocalDays
    ) throws -> [DailyPageViews] {
        func field(_ index: Int) -> String {
            index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
        }
        let locationText = field(location)
        let lowered = locationText.lowercased()
        if lowered == "(not set)" { return [] }
        if isFirst, ["", "total", "totals", "grand total"].contains(lowered) { return [] }
        guard !locationText.isEmpty else { throw ViewsCSVError(line: line, problem: "the url or path is empty") }
        if locationText.contains("://") {
            guard let url = URL(string: locationText), let host = url.host?.lowercased() else {
                throw ViewsCSVError(line: line, problem: "'\(locationText)' is not a URL")
            }
            if !isSite(host) { return [] }
        }
        if let hostname, !field(hostname).isEmpty, !isSite(field(hostname).lowercased()) { return [] }
        guard let viewCount = Self.count(field(views)) else {
            throw ViewsCSVError(line: line, problem: "views '\(field(views))' is not a whole number")
        }
        var visitorCount = 0
        if let visitors {
            guard let parsed = Self.count(field(visitors)) else {
                throw ViewsCSVError(line: line, problem: "visitors '\(field(visitors))' is not a whole number")
            }
            visitorCount = parsed
        }
        let path = PagePath.normalize(urlPath: locationText)
        guard let date else {
            guard let period else { return [] }
            return Self.spread(path: path, views: viewCount, visitors: visitorCount, over: period)
        }
        let dateText = field(date)
        let day: Int64
        if let plain = CivilDay.parse(dateText) {
            day = plain
        } else if let seconds = Timestamp.parseSeconds(dateText) {
            day = days.day(seconds)
        } else {
            throw ViewsCSVError(line: line, problem: "the date '\(dateText)' is not YYYY-MM-DD")
        }
        if let period, !period.contains(day) { return [] }
        return [DailyPageViews(path: path, day: day, views: viewCount, visitors: visitorCount)]
    }

    /// The issue (`2026-W47`) whose campaign the row's visits carry: named by the page's query string or by a
    /// campaign column; nil for other visits.
    public func campaign(_ fields: [String]) -> String? {
        func field(_ index: Int) -> String {
            index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
        }
        if let found = IssueCampaign.campaign(inURL: field(location)) { return found }
        guard let campaignColumn, let week = ISOWeek(field(campaignColumn)) else { return nil }
        if let campaignSource, field(campaignSource).lowercased() != IssueCampaign.source { return nil }
        return week.description
    }

    private func isSite(_ host: String) -> Bool {
        guard let siteHost else { return true }
        return host == siteHost || host == "www." + siteHost || "www." + host == siteHost
    }

    /// Totals over a period as daily rows: an even share each day, the remainder one each on the first days.
    static func spread(path: String, views: Int, visitors: Int, over period: ClosedRange<Int64>) -> [DailyPageViews] {
        let dayCount = Int(period.upperBound - period.lowerBound + 1)
        return period.enumerated().compactMap { offset, day in
            let dayViews = views / dayCount + (offset < views % dayCount ? 1 : 0)
            let dayVisitors = visitors / dayCount + (offset < visitors % dayCount ? 1 : 0)
            guard dayViews > 0 || dayVisitors > 0 else { return nil }
            return DailyPageViews(path: path, day: day, views: dayViews, visitors: dayVisitors)
        }
    }

    /// A count as exports write it: `1234`, `1,234`, `1 234`; empty is 0.
    private static func count(_ text: String) -> Int? {
        let digits = text.filter { $0 != "," && $0 != " " && $0 != "\u{A0}" && $0 != "_" }
        if digits.isEmpty { return 0 }
        guard let value = Int(digits), value >= 0 else { return nil }
        return value
    }
}

/// A row of a page-view CSV that cannot be read; the import reports it and goes on.
public struct ViewsCSVError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What puts the file right.
    public enum Remedy: Sendable, Equatable {
        /// Fix the row or remove it.
        case fixRow
        /// Give an export whose header names the columns (the CLI points at its help).
        case exportWithHeader
        /// Say which days a dateless export covers (the CLI names its option).
        case givePeriod
    }

    /// The line.
    public let line: Int
    /// What is wrong.
    public let problem: String
    /// What puts it right.
    public let remedy: Remedy

    /// Creates an error; the remedy for a row is to fix it or remove it.
    public init(line: Int, problem: String, remedy: Remedy = .fixRow) {
        self.line = line
        self.problem = problem
        self.remedy = remedy
    }

    /// The line and the problem, before what to do.
    public var problemOnLine: String { "line \(line): \(problem)" }

    public var description: String {
        switch remedy {
        case .fixRow: "\(problemOnLine); fix the row or remove it."
        case .exportWithHeader: "\(problemOnLine); give an export with such a header."
        case .givePeriod: "\(problemOnLine); give the days it covers."
        }
    }
}
