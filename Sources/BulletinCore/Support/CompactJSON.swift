import Foundation

/// The small JSON texts the store keeps in a column: a list of strings (topics) and a string-to-string object
/// (attributes), written with sorted keys so that equal values give equal text.
///
/// Hand-written because the importer encodes two of these per row, and `JSONEncoder` would spend more time on
/// that than SQLite spends on the row.
public enum CompactJSON {
    /// `["a","b"]`.
    public static func encode(_ list: [String]) -> String {
        if list.isEmpty { return "[]" }
        var length = 1 + list.count
        for item in list { length += encodedLength(item) }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var out = Output(buffer: buffer)
            out.append(UInt8(ascii: "["))
            for (index, item) in list.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(item)
            }
            out.append(UInt8(ascii: "]"))
            return out.position
        }
    }

    /// `{"k":"v"}`, keys sorted by their UTF-8 bytes.
    public static func encode(_ object: [String: String]) -> String {
        encode(
            sorted: object.map { Attribute(key: $0.key, value: $0.value) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
    }

    /// `{"k":"v"}` from attributes already sorted by key (as ``SubscriberRecord`` keeps them).
    public static func encode(sorted attributes: [Attribute]) -> String {
        if attributes.isEmpty { return "{}" }
        // Measured first, then written straight into the string's storage: one allocation per text.
        var length = 1 + attributes.count * 2
        for attribute in attributes { length += encodedLength(attribute.key) + encodedLength(attribute.value) }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var out = Output(buffer: buffer)
            out.append(UInt8(ascii: "{"))
            for (index, attribute) in attributes.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(attribute.key)
                out.append(UInt8(ascii: ":"))
                out.append(attribute.value)
            }
            out.append(UInt8(ascii: "}"))
            return out.position
        }
    }

    /// An object's members as bytes: a function that calls its argument once per member, in order, with the
    /// member's name as ``memberName(_:)`` writes it and the value's UTF-8. It is called twice, to measure and to
    /// write.
    typealias Members = ((_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void) -> Void

    /// The length of `{"k":"v",…}` written from `members`.
    static func objectLength(_ members: Members) -> Int {
        var length = 1
        members { name, value in length += 1 + name.count + encodedLength(value) }
        return max(2, length)
    }

    /// Writes `{"k":"v",…}` from `members` into memory measured with ``objectLength(_:)``.
    static func writeObject(_ members: Members, to out: inout Output) {
        out.append(UInt8(ascii: "{"))
        var first = true
        members { name, value in
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(raw: name)
            out.append(quoted: value)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// An object member's name as written before its value: `"key":`.
    static func memberName(_ key: String) -> [UInt8] {
        var key = key
        return key.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: encodedLength(bytes) + 1) { buffer, count in
                var out = Output(buffer: buffer)
                out.append(quoted: bytes)
                out.append(UInt8(ascii: ":"))
                count = out.position
            }
        }
    }

    /// Reads a list of strings; nil when the text is not one.
    public static func decodeList(_ text: String) -> [String]? {
        if text == "[]" || text.isEmpty { return [] }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }

    /// Reads a string-to-string object; nil when the text is not one.
    public static func decodeObject(_ text: String) -> [String: String]? {
        if text == "{}" || text.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// How many bytes a byte takes inside a JSON string.
    @inline(__always)
    private static func escapedLength(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            return 2
        case 0..<0x20: return 6
        default: return 1
        }
    }

    /// The length of UTF-8 text written as a JSON string, quotes included.
    static func encodedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = 2
        for byte in bytes { length += escapedLength(byte) }
        return length
    }

    /// The length of a string written as a JSON string, quotes included.
    private static func encodedLength(_ string: String) -> Int {
        if let counted = string.utf8.withContiguousStorageIfAvailable(encodedLength) { return counted }
        var length = 2
        for byte in string.utf8 { length += escapedLength(byte) }
        return length
    }

    /// Writes JSON into memory measured for it beforehand.
    ///
    /// Works on UTF-8 bytes: appending to a String piece by piece was most of an import's JSON cost.
    struct Output {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var position = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func append(_ byte: UInt8) {
            buffer[position] = byte
            position += 1
        }

        /// Appends bytes as they are.
        mutating func append(raw bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
            (target + position).initialize(from: source, count: bytes.count)
            position += bytes.count
        }

        /// Appends UTF-8 text in quotes, escaped.
        mutating func append(quoted bytes: UnsafeBufferPointer<UInt8>) {
            append(UInt8(ascii: "\""))
            for byte in bytes { appendEscaped(byte) }
            append(UInt8(ascii: "\""))
        }

        /// Appends a string in quotes, escaped.
        mutating func append(_ string: String) {
            if string.utf8.withContiguousStorageIfAvailable({ append(quoted: $0) }) == nil {
                append(UInt8(ascii: "\""))
                for byte in string.utf8 { appendEscaped(byte) }
                append(UInt8(ascii: "\""))
            }
        }

        @inline(__always)
        private mutating func appendEscaped(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                append(UInt8(ascii: "\\"))
                append(byte)
            case UInt8(ascii: "\n"):
                append(UInt8(ascii: "\\"))
                append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                append(UInt8(ascii: "\\"))
                append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"):
                append(UInt8(ascii: "\\"))
                append(UInt8(ascii: "t"))
            case 0..<0x20:
                for escape in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")] {
                    append(escape)
                }
                append(CompactJSON.hexDigits[Int(byte >> 4)])
                append(CompactJSON.hexDigits[Int(byte & 0xF)])
            default:
                append(byte)
            }
        }
    }
}
