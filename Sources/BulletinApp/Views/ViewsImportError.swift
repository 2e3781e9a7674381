/// A page-view import that cannot be used at all; nothing is written.
public enum ViewsImportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The input has no lines.
    case empty(String)
    /// No line is in the combined or common format; the first line is kept for the message.
    case notCombined(String, String)
    /// No CSV row could be read.
    case noReadableRow(String)

    /// The sentence, naming the input and what to check.
    public var description: String {
        switch self {
        case .empty(let name):
            return "\(name) has no lines; give an access log, or a CSV export with a header and rows."
        case .notCombined(let name, let first):
            return "\(name) has no line in the combined or common log format (the first is '\(first)'); "
                + "check the file, or import it as an analytics export (CSV)."
        case .noReadableRow(let name):
            return "\(name) has no row that can be read; check the date, url and views columns."
        }
    }
}
