import Foundation

/// The small JSON texts the store keeps in a column: a list of strings (topics) and a string-to-string object
/// (attributes), written with sorted keys so that equal values give equal text.
///
/// Hand-written because the importer encodes two of these per row, and `JSONEncoder` would spend more time on
/// that than SQLite spends on the row.
public enum CompactJSON {
    /// `["a","b"]`.
    public static func encode(_ list: [String]) -> String {
        var out = "["
        for (index, item) in list.enumerated() {
            if index > 0 { out.append(",") }
            appendString(item, to: &out)
        }
        out.append("]")
        return out
    }

    /// `{"k":"v"}`, keys sorted by their UTF-8 bytes.
    public static func encode(_ object: [String: String]) -> String {
        if object.isEmpty { return "{}" }
        var out = "{"
        for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { out.append(",") }
            appendString(key, to: &out)
            out.append(":")
            appendString(object[key] ?? "", to: &out)
        }
        out.append("}")
        return out
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

    private static let hexDigits = Array("0123456789abcdef")

    private static func appendString(_ string: String, to out: inout String) {
        out.append("\"")
        let needsEscaping = string.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscaping else {
            out.append(string)
            out.append("\"")
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                out.append("\\u00")
                out.append(hexDigits[Int(scalar.value >> 4)])
                out.append(hexDigits[Int(scalar.value & 0xF)])
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
