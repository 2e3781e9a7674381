import Foundation
import Testing

@testable import BulletinCore

/// Files saved as "Unicode text" (UTF-16 with a byte-order mark), as Excel and Matomo write them.
@Suite struct CSVUTF16Tests {
    static let text = "email\tname\r\nann@example.org\tÄnn Ölund\r\nbo@example.org\tБорис 🚀\r\n"

    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let low = UInt8(unit & 0xFF)
            let high = UInt8(unit >> 8)
            bytes += littleEndian ? [low, high] : [high, low]
        }
        return bytes
    }

    func records(_ bytes: [UInt8], bufferSize: Int) throws -> [[String]] {
        let folder = try TemporaryDirectory()
        let path = try folder.write(bytes, to: "unicode.txt")
        let reader = CSVReader(
            input: InputFile(fileDescriptor: open(path, O_RDONLY), name: path, closesOnDeinit: true),
            bufferSize: bufferSize)
        #expect(try reader.detectSeparator() == UInt8(ascii: "\t"))
        var records: [[String]] = []
        while let next = try reader.next() { records.append(try next.get().fields) }
        return records
    }

    @Test(arguments: [16, 17, 23, 64, 1 << 16], [true, false])
    func readsUTF16WithEitherByteOrderAcrossRefills(bufferSize: Int, littleEndian: Bool) throws {
        let read = try records(Self.utf16(Self.text, littleEndian: littleEndian), bufferSize: bufferSize)
        #expect(read == [["email", "name"], ["ann@example.org", "Änn Ölund"], ["bo@example.org", "Борис 🚀"]])
    }

    @Test func replacesAnUnpairedSurrogateAndAHalfCodeUnit() throws {
        // "a", a lone high surrogate, "b", then one stray byte.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x62, 0x00, 0x0A]
        let folder = try TemporaryDirectory()
        let path = try folder.write(bytes, to: "broken.txt")
        let reader = CSVReader(input: InputFile(fileDescriptor: open(path, O_RDONLY), name: path, closesOnDeinit: true))
        let first = try #require(try reader.next())
        #expect(try first.get().fields == ["a\u{FFFD}b\u{FFFD}"])
    }
}
