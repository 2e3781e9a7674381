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

    /// The longest name kept, in characters; a longer one is cut.
    public static let maximumNameLength = 100

    /// A name on one line, white space collapsed, control, bidirectional-override and private-use characters
    /// dropped, at most ``maximumNameLength`` characters.
    ///
    /// Bidi overrides (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) would let a name reorder the text
    /// around it in a header or page; the private-use characters include the markers of personal slots
    /// (``PersonalSlot``).
    public static func cleanName(_ name: String) -> String {
        var name = name
        if name.withUTF8(isCleanFast) { return name }
        var result = ""
        var pendingSpace = false
        var count = 0
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if isDropped(scalar) { continue }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
            count += 1
            // Enough for any real name of the maximum length; a 60 KB one is not read to its end.
            if count >= maximumNameLength * 4 { break }
        }
        guard result.count > maximumNameLength else { return result }
        var cut = String(result.prefix(maximumNameLength))
        while cut.last?.isWhitespace == true { cut.removeLast() }
        return cut
    }

    /// Whether a scalar is left out of a name: a control, a bidirectional control or a private-use character.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return scalar.properties.generalCategory == .privateUse
        }
    }

    /// Whether a name is certainly clean already, judged from its bytes: no control characters, no space at
    /// either end or twice in a row, and no lead byte of a non-ASCII space or control (those take the slow path).
    static func isCleanFast(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        // At most as many characters as bytes: a short name needs no cut.
        if bytes.count > maximumNameLength { return false }
        if first == 0x20 || last == 0x20 { return false }
        var previousWasSpace = false
        for byte in bytes {
            // 0xD8: U+061C; 0xEE, 0xEF: the private-use area U+E000–U+F8FF; 0xF3, 0xF4: planes 15 and 16.
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || (byte >= 0xE1 && byte <= 0xE3)
                || byte == 0xEE || byte == 0xEF || byte >= 0xF3
            {
                return false
            }
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
