import Foundation
import Testing

@testable import BulletinCore

@Suite("CSV reading (RFC 4180)")
struct CSVReaderTests {
    /// Reads every record of `text` with a given buffer size (small sizes exercise refills mid-field).
    func read(_ bytes: [UInt8], bufferSize: Int = 1 << 16) throws -> [Result<CSVRecord, CSVRecordError>] {
        let folder = try TemporaryDirectory()
        let path = try folder.write(bytes, to: "input.csv")
        let descriptor = open(path, O_RDONLY)
        let reader = CSVReader(
            input: InputFile(fileDescriptor: descriptor, name: path, closesOnDeinit: true), bufferSize: bufferSize)
        var records: [Result<CSVRecord, CSVRecordError>] = []
        while let next = try reader.next() { records.append(next) }
        return records
    }

    func read(_ text: String, bufferSize: Int = 1 << 16) throws -> [Result<CSVRecord, CSVRecordError>] {
        try read(Array(text.utf8), bufferSize: bufferSize)
    }

    func fields(_ text: String, bufferSize: Int = 1 << 16) throws -> [[String]] {
        try read(text, bufferSize: bufferSize).map { try $0.get().fields }
    }

    static let bufferSizes = [16, 17, 64, 1 << 16]

    @Test(arguments: bufferSizes)
    func readsQuotedFieldsWithCommasQuotesAndNewlines(bufferSize: Int) throws {
        let text =
            "email,name\r\n\"a@example.org\",\"Sadykova, Aigerim\"\r\nb@example.org,\"She said \"\"hi\"\"\"\r\n"
            + "c@example.org,\"two\nlines\"\r\n"
        #expect(
            try fields(text, bufferSize: bufferSize) == [
                ["email", "name"], ["a@example.org", "Sadykova, Aigerim"], ["b@example.org", "She said \"hi\""],
                ["c@example.org", "two\nlines"],
            ])
    }

    @Test(arguments: bufferSizes)
    func countsLinesAcrossMultilineFields(bufferSize: Int) throws {
        let text = "h\n\"one\ntwo\nthree\"\nnext\r\nlast"
        let lines = try read(text, bufferSize: bufferSize).map { try $0.get().line }
        #expect(lines == [1, 2, 5, 6])
    }

    @Test(arguments: ["a,b\nc,d\n", "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a,b\nc,d"])
    func acceptsEveryLineEnding(text: String) throws {
        #expect(try fields(text) == [["a", "b"], ["c", "d"]])
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try fields("\u{FEFF}email\nx@example.org\n") == [["email"], ["x@example.org"]])
    }

    @Test func keepsEmptyFieldsAndBlankLines() throws {
        let records = try read("a,,c\n\n,\n").map { try $0.get() }
        #expect(records.map(\.fields) == [["a", "", "c"], [""], ["", ""]])
        #expect(records[1].isBlank)
    }

    @Test func reportsAnUnterminatedQuoteWithItsLine() throws {
        let records = try read("h\nok\n\"never closed\nmore\n")
        #expect(try records[1].get().fields == ["ok"])
        #expect(throws: CSVRecordError(line: 3, problem: .unterminatedQuote)) { try records[2].get() }
    }

    @Test func reportsTextAfterAClosingQuoteAndGoesOn() throws {
        let records = try read("\"a\"b,c\nd,e\n")
        #expect(throws: CSVRecordError(line: 1, problem: .textAfterClosingQuote)) { try records[0].get() }
        #expect(try records[1].get().fields == ["d", "e"])
    }

    @Test func reportsBytesThatAreNotUTF8() throws {
        // "Müller" in Latin-1, as old spreadsheets save it.
        let records = try read(Array("ok\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x0A] + Array("next\n".utf8))
        #expect(throws: CSVRecordError(line: 2, problem: .notUTF8)) { try records[1].get() }
        #expect(try records[2].get().fields == ["next"])
    }

    @Test(arguments: bufferSizes)
    func readingIntoReusedFieldsGivesWhatNextGives(bufferSize: Int) throws {
        let text = "a,\"b,\"\"c\"\"\",d\r\n\n\"x\ny\",\"z\"q\nЛейла,,\r\nlast"
        let expected = try read(text, bufferSize: bufferSize)
        let folder = try TemporaryDirectory()
        let path = try folder.write(Array(text.utf8), to: "input.csv")
        let reader = CSVReader(
            input: InputFile(fileDescriptor: open(path, O_RDONLY), name: path, closesOnDeinit: true),
            bufferSize: bufferSize)
        var fields = CSVFields()
        var records: [Result<CSVRecord, CSVRecordError>] = []
        while try reader.next(into: &fields) {
            if let problem = fields.problem {
                records.append(.failure(problem))
            } else {
                records.append(.success(CSVRecord(fields: fields.strings, line: fields.line)))
            }
        }
        #expect(records == expected)
        #expect(records.count == 5)
    }

    @Test(
        arguments: [
            ([0x41, 0xC3, 0xA9], true), ([0xE2, 0x82, 0xAC], true), ([0xF0, 0x9F, 0x93, 0xB0], true),
            ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xC0, 0x80], false), ([0xC1, 0xBF], false),
            ([0xE0, 0x80, 0x80], false),
            ([0xED, 0xA0, 0x80], false), ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false),
            ([0xC3], false), ([0xE2, 0x82], false), ([0x80], false), ([0xC3, 0x41], false),
            ([0xE2, 0x82, 0x41], false),
        ] as [([UInt8], Bool)])
    func checksUTF8LikeTheStandardLibrary(bytes: [UInt8], valid: Bool) {
        #expect(bytes.withUnsafeBufferPointer(CSVFields.isUTF8) == valid)
        #expect((String(validating: bytes, as: UTF8.self) != nil) == valid)
    }

    @Test(arguments: [
        ("email;name\r\na@example.org;\"Petrov; Ivan\"\r\n", UInt8(ascii: ";"), ["a@example.org", "Petrov; Ivan"]),
        ("email\tname\na@example.org\tAnna\n", UInt8(ascii: "\t"), ["a@example.org", "Anna"]),
        ("email,\"a;b\"\na@example.org,x;y\n", UInt8(ascii: ","), ["a@example.org", "x;y"]),
        ("\u{FEFF}email\na@example.org\n", UInt8(ascii: ","), ["a@example.org"]),
    ])
    func findsTheSeparatorFromTheHeader(text: String, separator: UInt8, second: [String]) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write(Array(text.utf8), to: "input.csv")
        let reader = try CSVReader(path: path)
        #expect(try reader.detectSeparator() == separator)
        _ = try reader.next()
        #expect(try reader.next()?.get().fields == second)
    }

    @Test func readsUTF8Text() throws {
        #expect(try fields("name\nЛейла Иванова\nნინო\n") == [["name"], ["Лейла Иванова"], ["ნინო"]])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsLiteral() throws {
        #expect(try fields("5\" screen,x\n") == [["5\" screen", "x"]])
    }

    @Test func aMissingFileIsAClearError() {
        #expect(throws: InputFileError.self) { try CSVReader(path: "/nonexistent/members.csv") }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.escape(" padded") == "\" padded\"")
    }

    @Test func writerAndReaderRoundTrip() throws {
        let rows = [["email", "note"], ["a@example.org", "comma, \"quote\"\nnewline "], ["b@example.org", ""]]
        var text = ""
        let writer = CSVWriter { text += $0 }
        for row in rows { try writer.writeRecord(row) }
        #expect(try fields(text) == rows)
    }
}
