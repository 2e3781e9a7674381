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
