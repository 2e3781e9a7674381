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

    public var description: String {
        switch problem {
        case .unterminatedQuote:
            return "line \(line): a quoted field starts here and is never closed; close the quote or remove it."
        case .textAfterClosingQuote:
            return "line \(line): text follows a closing quote; a quote inside a quoted field is written as \"\"."
        case .notUTF8:
            return "line \(line): the text is not UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in spreadsheets)."
        }
    }
}

/// A file or stream could not be read at all.
public struct CSVInputError: BulletinError {
    /// What was being read.
    public let path: String
    /// The system's error number.
    public let code: Int32

    public var exitStatus: ExitStatus { code == ENOENT ? .dataError : .ioError }

    public var description: String {
        let reason = String(cString: strerror(code))
        return "cannot read \(path): \(reason.prefix(1).lowercased() + reason.dropFirst()); check the path and its permissions."
    }
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
    private let fileDescriptor: Int32
    private let closesOnDeinit: Bool
    private let path: String
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var isFirstRead = true
    private var field: [UInt8] = []
    private var fields: [String] = []

    /// Opens a file for reading; `-` reads standard input.
    ///
    /// - Throws: ``CSVInputError`` when the file cannot be opened.
    public convenience init(path: String) throws {
        if path == "-" {
            self.init(fileDescriptor: 0, name: "standard input", closesOnDeinit: false)
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CSVInputError(path: path, code: errno) }
        self.init(fileDescriptor: descriptor, name: path, closesOnDeinit: true)
    }

    /// Reads from an open file descriptor.
    public init(fileDescriptor: Int32, name: String, closesOnDeinit: Bool, bufferSize: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.path = name
        self.closesOnDeinit = closesOnDeinit
        self.buffer = [UInt8](repeating: 0, count: max(bufferSize, 16))
        field.reserveCapacity(256)
    }

    deinit {
        if closesOnDeinit { close(fileDescriptor) }
    }

    private func fill() throws {
        guard !atEOF else { return }
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let result = read(fileDescriptor, raw.baseAddress!, raw.count)
                if result < 0, errno == EINTR { continue }
                return result
            }
        }
        if count < 0 { throw CSVInputError(path: path, code: errno) }
        position = 0
        end = count
        if count == 0 { atEOF = true }
        if isFirstRead {
            isFirstRead = false
            if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
    }

    @inline(__always)
    private func nextByte() throws -> UInt8? {
        if position == end {
            try fill()
            if atEOF { return nil }
        }
        let byte = buffer[position]
        position += 1
        return byte
    }

    @inline(__always)
    private func peekByte() throws -> UInt8? {
        if position == end {
            try fill()
            if atEOF { return nil }
        }
        return buffer[position]
    }

    /// Reads the next record.
    ///
    /// - Returns: the record, a ``CSVRecordError`` for a malformed one, or nil at the end of the input.
    /// - Throws: ``CSVInputError`` when reading fails.
    public func next() throws -> Result<CSVRecord, CSVRecordError>? {
        guard let first = try peekByte() else { return nil }
        _ = first
        let startLine = line
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        var problem: CSVRecordError.Problem?

        recordLoop: while true {
            // At the start of a field.
            guard let byte = try nextByte() else {
                try finishField(&problem)
                break recordLoop
            }
            if byte == UInt8(ascii: "\"") {
                // Quoted field.
                quoted: while true {
                    guard let inner = try nextByte() else {
                        problem = problem ?? .unterminatedQuote
                        try finishField(&problem)
                        break recordLoop
                    }
                    if inner == UInt8(ascii: "\"") {
                        if try peekByte() == UInt8(ascii: "\"") {
                            position += 1
                            field.append(inner)
                            continue quoted
                        }
                        break quoted
                    }
                    if inner == UInt8(ascii: "\n") { line += 1 }
                    field.append(inner)
                }
                // After the closing quote: a separator, a line end, or the end.
                while true {
                    guard let after = try nextByte() else {
                        try finishField(&problem)
                        break recordLoop
                    }
                    switch after {
                    case UInt8(ascii: ","):
                        try finishField(&problem)
                        continue recordLoop
                    case UInt8(ascii: "\n"):
                        line += 1
                        try finishField(&problem)
                        break recordLoop
                    case UInt8(ascii: "\r"):
                        if try peekByte() == UInt8(ascii: "\n") { position += 1 }
                        line += 1
                        try finishField(&problem)
                        break recordLoop
                    default:
                        problem = problem ?? .textAfterClosingQuote
                        field.append(after)
                    }
                }
            }
            // Unquoted field: scan to the next separator within the buffer in one go.
            var current = byte
            while true {
                switch current {
                case UInt8(ascii: ","):
                    try finishField(&problem)
                    continue recordLoop
                case UInt8(ascii: "\n"):
                    line += 1
                    try finishField(&problem)
                    break recordLoop
                case UInt8(ascii: "\r"):
                    if try peekByte() == UInt8(ascii: "\n") { position += 1 }
                    line += 1
                    try finishField(&problem)
                    break recordLoop
                default:
                    field.append(current)
                }
                guard let following = try nextByte() else {
                    try finishField(&problem)
                    break recordLoop
                }
                current = following
            }
        }
        if let problem { return .failure(CSVRecordError(line: startLine, problem: problem)) }
        return .success(CSVRecord(fields: fields, line: startLine))
    }

    private func finishField(_ problem: inout CSVRecordError.Problem?) throws {
        if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            problem = problem ?? .notUTF8
            fields.append("")
        }
        field.removeAll(keepingCapacity: true)
    }
}
