/// The rules for the free-text parts of a subscriber: names, topics and attributes.
///
/// Names end up in mail headers (`To: Name <address>`), so they are kept on one line: line breaks and tabs become
/// spaces and other control characters are dropped. Topics are short labels without separators. Attribute keys
/// are column names; values are kept as given.
public enum SubscriberFields {
    /// The column names with a meaning of their own in the subscribers CSV format; no attribute may use one.
    public static let reservedColumns: [String] = [
        "email", "name", "status", "topics", "created_at", "confirmed_at", "unsubscribed_at", "source",
    ]

    /// A name on one line, white space collapsed, control characters dropped.
    public static func cleanName(_ name: String) -> String {
        var name = name
        if name.withUTF8(isCleanFast) { return name }
        var result = ""
        var pendingSpace = false
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Whether a name is certainly clean already, judged from its bytes: no control characters, no space at
    /// either end or twice in a row, and no lead byte of a non-ASCII space or control (those take the slow path).
    static func isCleanFast(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || last == 0x20 { return false }
        var previousWasSpace = false
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || (byte >= 0xE1 && byte <= 0xE3) { return false }
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
        }
        return true
    }

    /// Splits a topics list (`;`- or `,`-separated), trims each topic, drops empty ones and repeats.
    public static func parseTopics(
        _ text: String, separators: Set<UInt8> = [UInt8(ascii: ";"), UInt8(ascii: ",")]
    )
        -> [String]
    {
        if text.isEmpty { return [] }
        // A 256-bit table of the separators: asking the set for every byte hashed every byte.
        var table: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for separator in separators {
            let bit = UInt64(1) << (separator & 63)
            switch separator >> 6 {
            case 0: table.0 |= bit
            case 1: table.1 |= bit
            case 2: table.2 |= bit
            default: table.3 |= bit
            }
        }
        let isSeparator = { (byte: UInt8) -> Bool in
            let bit = UInt64(1) << (byte & 63)
            switch byte >> 6 {
            case 0: return table.0 & bit != 0
            case 1: return table.1 & bit != 0
            case 2: return table.2 & bit != 0
            default: return table.3 & bit != 0
            }
        }
        var topics: [String] = []
        for part in text.utf8.split(whereSeparator: isSeparator) {
            let topic = cleanName(String(decoding: part, as: UTF8.self))
            if !topic.isEmpty, !topics.contains(topic) { topics.append(topic) }
        }
        return topics
    }

    /// A topics cell split at `separator`, as ``CompactJSON`` text: ``parseTopics(_:separators:)`` of the cell;
    /// nil when no topic is left.
    static func encodeTopics(_ cell: UnsafeBufferPointer<UInt8>, separator: UInt8) -> [UInt8]? {
        let topics = parseTopics(String(decoding: cell, as: UTF8.self), separators: [separator])
        return topics.isEmpty ? nil : Array(CompactJSON.encode(topics).utf8)
    }

    /// Checks an attribute key given on the command line or as a CSV column.
    ///
    /// - Returns: a sentence saying what is wrong, or nil when the key is fine.
    public static func problem(withAttributeKey key: String) -> String? {
        if key.isEmpty { return "an attribute needs a name" }
        if reservedColumns.contains(key.lowercased()) {
            return "'\(key)' is a subscriber field, not an attribute"
        }
        if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the attribute name '\(key)' contains a control character"
        }
        return nil
    }
}
