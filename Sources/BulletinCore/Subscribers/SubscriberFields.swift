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

    /// Splits a topics list (`;`- or `,`-separated), trims each topic, drops empty ones and repeats.
    public static func parseTopics(_ text: String, separators: Set<Character> = [";", ","]) -> [String] {
        var seen = Set<String>()
        var topics: [String] = []
        for part in text.split(whereSeparator: { separators.contains($0) }) {
            let topic = cleanName(String(part))
            if !topic.isEmpty, seen.insert(topic).inserted { topics.append(topic) }
        }
        return topics
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
