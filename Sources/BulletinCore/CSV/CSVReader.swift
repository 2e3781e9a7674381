#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One record of a CSV file: its fields and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The 1-based line of the file where the record starts (a quoted field may span several lines).
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }

    /// Whether the record is a blank line (one empty field), which readers skip.
    public var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
}

/// A record that could not be read; reading goes on with the next one.
public struct CSVRecordError: BulletinError, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// A quote opened a field that the file never closes.
        case unterminatedQuote
        /// Something other than a comma or a line end follows a closing quote.
        case textAfterClosingQuote
        /// The bytes are not UTF-8.
        case notUTF8
    }

    /// The line the record starts on.
    public let line: Int
    /// What is wrong.
    public let problem: Problem

    public var exitStatus: ExitStatus { .dataError }

    /// What is wrong and what to do, without the line number.
    public var reason: String {
        switch problem {
        case .unterminatedQuote:
            return "a quoted field starts here and is never closed; close the quote or remove it"
        case .textAfterClosingQuote:
            return "text follows a closing quote; a quote inside a quoted field is written as \"\""
        case .notUTF8:
            return "the text is not UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in spreadsheets)"
        }
    }

    public var description: String { "line \(line): \(reason)." }
}

/// Reads CSV records one at a time from a file descriptor, in constant memory.
///
/// Follows RFC 4180 and what spreadsheets write: fields separated by commas; records by CRLF or LF; a field may
/// be quoted, and a quoted field may contain commas, line breaks and doubled quotes; a UTF-8 byte order mark at
/// the start is skipped. A quote inside an unquoted field is taken literally. A malformed record is returned as
/// a ``CSVRecordError`` and reading goes on after it.
///
/// Hand-written rather than taken from a CSV package because the importer needs the starting line number of each
/// record for its error reports, a byte-level parser for a million rows a second, and streaming input (stdin).
///
/// - SeeAlso: RFC 4180.
public final class CSVReader {
    private let input: InputFile
    /// The input's name for messages: its path, or "standard input".
    public var name: String { input.name }
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var isFirstRead = true
    private var field: [UInt8] = []
    private var skipLineFeed = false

    /// Opens a file for reading; `-` reads standard input.
    ///
    /// - Throws: ``InputFileError`` when the file cannot be opened.
    public convenience init(path: String) throws {
        self.init(input: try InputFile(path: path))
    }

    /// Reads from an input.
    public init(input: InputFile, bufferSize: Int = 1 << 16) {
        self.input = input
        self.buffer = [UInt8](repeating: 0, count: max(bufferSize, 16))
        field.reserveCapacity(256)
    }

    private func fill() throws {
        guard !atEOF else { return }
        let count = try buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return try input.read(into: base, count: raw.count)
        }
        position = 0
        end = count
        if count == 0 { atEOF = true }
        if isFirstRead {
            isFirstRead = false
            if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
    }

    /// Turns a field's bytes into a string; bytes that are not UTF-8 mark the record as malformed.
    ///
    /// A static function with inout parameters rather than a nested closure: a closure capturing the scanner's
    /// locals made the compiler box them and check exclusive access at run time on every byte.
    @inline(__always)
    private static func finish(
        _ field: inout [UInt8], into fields: inout [String], problem: inout CSVRecordError.Problem?
    ) {
        if field.allSatisfy({ $0 < 0x80 }) {
            fields.append(String(decoding: field, as: UTF8.self))
        } else if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            problem = problem ?? .notUTF8
            fields.append("")
        }
        field.removeAll(keepingCapacity: true)
    }

    /// Where the scanner stands within a record.
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Reads the next record.
    ///
    /// - Returns: the record, a ``CSVRecordError`` for a malformed one, or nil at the end of the input.
    /// - Throws: ``InputFileError`` when reading fails.
    public func next() throws -> Result<CSVRecord, CSVRecordError>? {
        // The scanner works on locals and an unsafe view of the buffer: class-property access per byte (with its
        // exclusivity checks) made this loop ten times slower.
        var fields: [String] = []
        fields.reserveCapacity(8)
        var field = self.field
        field.removeAll(keepingCapacity: true)
        defer { self.field = field }
        var state = State.fieldStart
        var problem: CSVRecordError.Problem?
        var line = self.line
        let startLine: Int

        if position == end { try fill() }
        if skipLineFeed, !atEOF, buffer[position] == UInt8(ascii: "\n") {
            position += 1
            if position == end { try fill() }
        }
        skipLineFeed = false
        if atEOF { return nil }
        startLine = line

        scanning: while true {
            if position == end {
                try fill()
                if atEOF { break scanning }
            }
            var recordEnded = false
            var endedWithCR = false
            let stop = end
            var index = position
            buffer.withUnsafeBufferPointer { bytes in
                while index < stop {
                    let byte = bytes[index]
                    index += 1
                    if state == .quoted {
                        if byte == UInt8(ascii: "\"") {
                            state = .quoteInQuoted
                        } else {
                            if byte == UInt8(ascii: "\n") { line += 1 }
                            field.append(byte)
                        }
                        continue
                    }
                    if state == .quoteInQuoted {
                        if byte == UInt8(ascii: "\"") {
                            // A doubled quote inside a quoted field.
                            field.append(byte)
                            state = .quoted
                            continue
                        }
                        // The field's closing quote: a separator or a line end should follow.
                        state = .unquoted
                        if byte != UInt8(ascii: ","), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                            problem = problem ?? .textAfterClosingQuote
                        }
                    }
                    switch byte {
                    case UInt8(ascii: ","):
                        Self.finish(&field, into: &fields, problem: &problem)
                        state = .fieldStart
                    case UInt8(ascii: "\n"):
                        line += 1
                        recordEnded = true
                        return
                    case UInt8(ascii: "\r"):
                        line += 1
                        recordEnded = true
                        endedWithCR = true
                        return
                    case UInt8(ascii: "\"") where state == .fieldStart:
                        state = .quoted
                    default:
                        field.append(byte)
                        state = .unquoted
                    }
                }
            }
            position = index
            if recordEnded {
                if endedWithCR {
                    if position < end {
                        if buffer[position] == UInt8(ascii: "\n") { position += 1 }
                    } else {
                        skipLineFeed = true
                    }
                }
                break scanning
            }
        }
        if state == .quoted { problem = problem ?? .unterminatedQuote }
        Self.finish(&field, into: &fields, problem: &problem)
        self.line = line
        if let problem { return .failure(CSVRecordError(line: startLine, problem: problem)) }
        return .success(CSVRecord(fields: fields, line: startLine))
    }
}
