import Foundation

/// An analytics export of page views: a header naming `date`, `url` or `path`, `views`, and optionally
/// `visitors` (any case, any order, other columns ignored), then one row per page and day.
///
/// `date` is `YYYY-MM-DD`, `YYYYMMDD`, or an RFC 3339 date-time (taken to its day in the configured zone).
/// A `url` on another host than the site's is not the site's page and is skipped.
public struct ViewsCSVFormat {
    private let date: Int
    private let location: Int
    private let views: Int
    private let visitors: Int?
    private let siteHost: String?

    /// Maps the header's columns.
    ///
    /// - Throws: ``ViewsCSVError`` naming the missing columns.
    public init(header: [String], site: URL?) throws {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        let location = column("url") ?? column("path") ?? column("page")
        guard let date = column("date") ?? column("day"), let location,
            let views = column("views") ?? column("pageviews")
        else {
            throw ViewsCSVError(
                line: 1,
                problem: "the header must name the columns date, url (or path) and views, and may name visitors; "
                    + "found: \(names.joined(separator: ", "))")
        }
        self.date = date
        self.location = location
        self.views = views
        self.visitors = column("visitors") ?? column("users") ?? column("unique visitors")
        self.siteHost = site?.host?.lowercased()
    }

    /// The row's page views; nil for a row of another site.
    ///
    /// - Throws: ``ViewsCSVError`` for a row that cannot be read.
    public func record(_ fields: [String], line: Int, days: inout LocalDays) throws -> DailyPageViews? {
        func field(_ index: Int) -> String {
            index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
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
        let locationText = field(location)
        guard !locationText.isEmpty else { throw ViewsCSVError(line: line, problem: "the url or path is empty") }
        if locationText.contains("://") {
            guard let url = URL(string: locationText), let host = url.host?.lowercased() else {
                throw ViewsCSVError(line: line, problem: "'\(locationText)' is not a URL")
            }
            if let siteHost, host != siteHost, host != "www." + siteHost, "www." + host != siteHost { return nil }
        }
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
        return DailyPageViews(
            path: PagePath.normalize(urlPath: locationText), day: day, views: viewCount, visitors: visitorCount)
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
public struct ViewsCSVError: BulletinError, Equatable {
    /// The line.
    public let line: Int
    /// What is wrong.
    public let problem: String

    /// Creates an error.
    public init(line: Int, problem: String) {
        self.line = line
        self.problem = problem
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String { "line \(line): \(problem); fix the row or remove it." }
}
