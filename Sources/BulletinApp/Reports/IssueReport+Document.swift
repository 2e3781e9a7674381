import BulletinCore
import Foundation

extension IssueReport {
    /// The forms a report is written in.
    public enum Format: String, Sendable, CaseIterable {
        /// Lines for the terminal.
        case text
        /// The documented JSON schema (version 1).
        case json
        /// One self-contained HTML page with SVG charts.
        case html
    }

    /// What a report covers.
    public enum Scope: Sendable, Equatable {
        /// One issue; nil: the newest sent.
        case issue(String?)
        /// The newest `n` issues, one line each.
        case trend(Int)
    }

    /// The report of `scope` written as `format`, ending with a line feed.
    ///
    /// - Throws: ``StatusError`` when no issue (of that week) was sent; the database's errors.
    public func document(_ scope: Scope, format: Format) throws -> String {
        switch scope {
        case .issue(let week):
            let report = try issue(week: week)
            switch format {
            case .text: return ReportText.render(report).joined(separator: "\n") + "\n"
            case .json: return String(decoding: try ReportJSON.encode(report), as: UTF8.self)
            case .html: return ReportHTML.render(report)
            }
        case .trend(let count):
            let report = try trend(count: count)
            switch format {
            case .text: return ReportText.render(report).joined(separator: "\n") + "\n"
            case .json: return String(decoding: try ReportJSON.encode(report), as: UTF8.self)
            case .html: return ReportHTML.render(report)
            }
        }
    }
}

/// A report that cannot be written where asked.
public enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The output file cannot be written (the path, the system's reason).
    case cannotWrite(String, String)

    /// One line: what, and what to do.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write \(path) (\(reason)); check that its folder exists and is writable."
        }
    }
}
