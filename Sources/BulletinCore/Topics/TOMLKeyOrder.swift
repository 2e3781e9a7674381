import Foundation

/// The order in which a TOML table's keys are written in the file.
///
/// TOMLKit hands tables back sorted by key; `[topics]` must keep the order the editor wrote, because sections
/// follow it. This reads the order from the text: `name = …` lines under `[table]`, and `[table.name]` headers.
enum TOMLKeyOrder {
    /// The keys of `table` in the order they first appear in `text`.
    static func keys(of table: String, in text: String) -> [String] {
        var keys: [String] = []
        var inside = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let header = line.drop { $0 == "[" }.prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                inside = header == table
                if header.hasPrefix(table + "."), let key = firstKey(String(header.dropFirst(table.count + 1))) {
                    append(key, to: &keys)
                }
                continue
            }
            guard inside, !line.hasPrefix("#"), line.contains("="), let key = firstKey(line) else { continue }
            append(key, to: &keys)
        }
        return keys
    }

    private static func append(_ key: String, to keys: inout [String]) {
        if !keys.contains(key) { keys.append(key) }
    }

    /// The first key of a line or dotted header: bare, or in double or single quotes.
    private static func firstKey(_ text: String) -> String? {
        guard let first = text.first else { return nil }
        if first == "\"" || first == "'" {
            let rest = text.dropFirst()
            guard let end = rest.firstIndex(of: first) else { return nil }
            return String(rest[..<end])
        }
        let key = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return key.isEmpty ? nil : String(key)
    }
}
