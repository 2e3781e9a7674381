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
public struct CSVRecordError: Error, CustomStringConvertible, Sendable, Equatable {
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

/// One record's fields as bytes, in storage that ``CSVReader/next(into:)`` reuses from record to record: the
/// way to read a large file without making a string of every field.
public struct CSVFields: Sendable {
    /// Every field's bytes, unquoted, one after another.
    public private(set) var bytes: [UInt8] = []
    /// Where each field ends in ``bytes``.
    public private(set) var ends: [Int] = []
    /// The 1-based line of the file where the record starts.
    public internal(set) var line = 0
    /// Why the record is malformed, or nil when it is fine. A malformed record's fields are incomplete.
    public internal(set) var problem: CSVRecordError?

    /// Creates an empty record.
    public init() {
        bytes.reserveCapacity(1024)
        ends.reserveCapacity(16)
    }

    /// A record made of given fields.
    public init(_ fields: [String], line: Int) {
        self.init()
        self.line = line
        for field in fields { append(field.utf8) }
    }

    /// How many fields the record has.
    public var count: Int { ends.count }

    /// Whether the record is a blank line (one empty field), which readers skip.
    public var isBlank: Bool { ends.count == 1 && ends[0] == 0 }

    /// Where field `index` lies in ``bytes``.
    public func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` as a string (its bytes are valid UTF-8 unless ``problem`` says otherwise).
    public func string(_ index: Int) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[range(of: index)]), as: UTF8.self)
        }
    }

    /// Every field as a string.
    public var strings: [String] { (0..<count).map(string) }

    /// Empties the record for the next one, keeping its storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        problem = nil
    }

    /// Adds a whole field.
    mutating func append<Bytes: Sequence<UInt8>>(_ field: Bytes) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    /// Adds a byte to the field being read.
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// Adds bytes to the field being read.
    mutating func append(_ span: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: span) }

    /// Ends the field being read; the next bytes start a new one.
    mutating func endField() { ends.append(bytes.count) }

    /// Checks that every field is UTF-8, once the record is complete (the reader calls it only when some byte was
    /// outside ASCII).
    mutating func validateUTF8() {
        let valid = bytes.withUnsafeBufferPointer { all in
            (0..<ends.count).allSatisfy { Self.isUTF8(UnsafeBufferPointer(rebasing: all[range(of: $0)])) }
        }
        if !valid { problem = CSVRecordError(line: line, problem: .notUTF8) }
    }

    /// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
    /// Checked here rather than with `String(validating:)`, which made a string of every field of such a row.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // How many continuation bytes follow, and the range the first of them must fall in (RFC 3629 §4).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 1
            case 0xE0: (length, low) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 2
            case 0xED: (length, high) = (2, 0x9F)
            case 0xF0: (length, low) = (3, 0x90)
            case 0xF1...0xF3: length = 3
            case 0xF4: (length, high) = (3, 0x8F)
            default: return false
            }
            guard index + length < count else { return false }
            let first = bytes[index + 1]
            guard first >= low, first <= high else { return false }
            for offset in stride(from: 2, through: length, by: 1) where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length + 1
        }
        return true
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
    private let input: InputFile
    /// The input's name for messages: its path, or "standard input".
    public var name: String { input.name }
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var isFirstRead = true
    private var skipLineFeed = false
    /// Whether a record has been read.
    private var started = false
    /// The byte between fields: a comma, unless ``detectSeparator()`` found another.
    public private(set) var separator = UInt8(ascii: ",")
    /// The record ``next()`` reads into.
    private var scratch = CSVFields()
    /// Converts the input to UTF-8 when it is UTF-16 (found from its byte-order mark).
    private var transcoder: UTF16Transcoder?
    /// The UTF-16 bytes read for the transcoder, allocated once.
    private var raw: [UInt8] = []

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
    }

    private func fill() throws {
        guard !atEOF else { return }
        if transcoder != nil {
            try fillTranscoding()
            return
        }
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
            let byteOrder = UTF16Transcoder.byteOrder(of: buffer[0..<end])
            if let byteOrder {
                // UTF-16 ("Unicode text"): everything after the byte-order mark is read through a transcoder, so
                // that the scanner below sees UTF-8 as from any other file.
                var transcoder = UTF16Transcoder(byteOrder: byteOrder)
                transcoder.append(buffer[2..<end])
                self.transcoder = transcoder
                try fillTranscoding()
            }
        }
    }

    /// Fills the buffer with UTF-8 converted from the UTF-16 input: at least one byte, unless the input has ended.
    private func fillTranscoding() throws {
        guard var transcoder else { return }
        defer { self.transcoder = transcoder }
        position = 0
        end = 0
        if raw.isEmpty { raw = [UInt8](repeating: 0, count: buffer.count / 2) }
        while end == 0 {
            var ended = false
            if !transcoder.hasPending {
                let count = try raw.withUnsafeMutableBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return 0 }
                    return try input.read(into: base, count: bytes.count)
                }
                if count == 0 { ended = true } else { transcoder.append(raw[..<count]) }
            }
            end = buffer.withUnsafeMutableBufferPointer { output in
                guard let base = output.baseAddress else { return 0 }
                return transcoder.convert(into: base, capacity: output.count, final: ended)
            }
            if ended, end == 0 {
                atEOF = true
                return
            }
        }
    }

    /// Looks at the first line before anything is read and takes a semicolon or a tab as the separator when the
    /// line has one of those and no comma outside quotes, as spreadsheets set to a European locale save "CSV".
    ///
    /// - Returns: the separator.
    @discardableResult
    public func detectSeparator() throws -> UInt8 {
        guard !started else { return separator }
        if position == end { try fill() }
        var counts: [UInt8: Int] = [:]
        var quoted = false
        var index = position
        while index < end, quoted || (buffer[index] != UInt8(ascii: "\n") && buffer[index] != UInt8(ascii: "\r")) {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\t") {
                counts[byte, default: 0] += 1
            }
            index += 1
        }
        if counts[UInt8(ascii: ",")] == nil, let (most, _) = counts.max(by: { $0.value < $1.value }) {
            separator = most
        }
        return separator
    }

    /// Reads the next record.
    ///
    /// - Returns: the record, a ``CSVRecordError`` for a malformed one, or nil at the end of the input.
    /// - Throws: ``InputFileError`` when reading fails.
    public func next() throws -> Result<CSVRecord, CSVRecordError>? {
        guard try next(into: &scratch) else { return nil }
        if let problem = scratch.problem { return .failure(problem) }
        return .success(CSVRecord(fields: scratch.strings, line: scratch.line))
    }

    /// Where the scanner stands within a record.
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Reads the next record into `record`, replacing what it held; a malformed record has its
    /// ``CSVFields/problem`` set.
    ///
    /// - Returns: false at the end of the input.
    /// - Throws: ``InputFileError`` when reading fails.
    public func next(into record: inout CSVFields) throws -> Bool {
        started = true
        record.removeAll()
        if position == end { try fill() }
        if skipLineFeed, !atEOF, buffer[position] == UInt8(ascii: "\n") {
            position += 1
            if position == end { try fill() }
        }
        skipLineFeed = false
        if atEOF { return false }
        record.line = line

        // The scanner works on locals and an unsafe view of the buffer: class-property access per byte (with its
        // exclusivity checks) made this loop ten times slower. Runs of ordinary bytes are copied at once.
        var state = State.fieldStart
        var problem: CSVRecordError.Problem?
        var line = self.line
        var highBits: UInt8 = 0
        let separator = self.separator
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
                    switch state {
                    case .quoted:
                        // The whole run up to the next quote is copied at once; its line feeds still count as
                        // lines, for the line numbers of later rows.
                        let start = index
                        while index < stop, bytes[index] != UInt8(ascii: "\"") {
                            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                            highBits |= bytes[index]
                            index += 1
                        }
                        record.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        if index < stop {
                            state = .quoteInQuoted
                            index += 1
                        }
                        continue
                    case .quoteInQuoted:
                        let byte = bytes[index]
                        if byte == UInt8(ascii: "\"") {
                            // A doubled quote inside a quoted field.
                            record.append(byte)
                            state = .quoted
                            index += 1
                            continue
                        }
                        // The field's closing quote: a separator or a line end should follow.
                        state = .unquoted
                        if byte != separator, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                            problem = problem ?? .textAfterClosingQuote
                        }
                    case .fieldStart:
                        if bytes[index] == UInt8(ascii: "\"") {
                            state = .quoted
                            index += 1
                            continue
                        }
                        state = .unquoted
                    case .unquoted:
                        break
                    }
                    // Unquoted text runs to a separator or a line end: a quote inside it is literal (RFC 4180
                    // forbids it; spreadsheets write `5" screen` unquoted).
                    let start = index
                    var byte: UInt8 = 0
                    while index < stop {
                        byte = bytes[index]
                        if byte == separator || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                            break
                        }
                        highBits |= byte
                        index += 1
                    }
                    if index > start { record.append(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    if index == stop { return }
                    index += 1
                    if byte == separator {
                        record.endField()
                        state = .fieldStart
                        continue
                    }
                    line += 1
                    recordEnded = true
                    endedWithCR = byte == UInt8(ascii: "\r")
                    return
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
        record.endField()
        self.line = line
        if let problem {
            record.problem = CSVRecordError(line: record.line, problem: problem)
        } else if highBits >= 0x80 {
            record.validateUTF8()
        }
        return true
    }
}
