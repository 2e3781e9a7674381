import Foundation

/// Writes CSV records as RFC 4180 describes: CRLF line ends, and quotes around a field only when it needs them.
///
/// - SeeAlso: RFC 4180.
public struct CSVWriter {
    private let write: (String) throws -> Void

    /// Creates a writer that hands each finished line to `write`.
    public init(write: @escaping (String) throws -> Void) {
        self.write = write
    }

    /// Writes one record.
    public func writeRecord(_ fields: [String]) throws {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(",") }
            line.append(Self.escape(field))
        }
        line.append("\r\n")
        try write(line)
    }

    /// A field as it stands in a file: quoted when it holds a comma, a quote, a line break, or space at an end.
    public static func escape(_ field: String) -> String {
        let needsQuotes =
            field.utf8.contains { byte in
                byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                    || byte == UInt8(ascii: "\r")
            } || field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
