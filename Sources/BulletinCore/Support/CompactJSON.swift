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
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in list.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
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
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(128)
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(attribute.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(attribute.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
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

    // Works on UTF-8 bytes: appending to a String piece by piece was most of an import's JSON cost.
    private static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // The common case, nothing to escape, straight from the string's contiguous UTF-8.
        var string = string
        let plain = string.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
