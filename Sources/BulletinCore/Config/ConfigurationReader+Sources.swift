import Foundation
import TOMLKit

extension ConfigurationReader {
    /// The keys `[sources]` knows.
    static let sourcesKeys: Set<String> = ["feeds", "logs", "analytics"]

    /// Reads `[sources]`: feed URLs or paths, log paths or globs, analytics export paths or globs; paths relative to
    /// the configuration file's folder. Nil when the section is absent.
    func sources() throws -> Configuration.Sources? {
        guard table["sources"]?.table != nil else { return nil }
        let feeds = try sourceList("feeds").map { entry in
            let lower = entry.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                guard URL(string: entry)?.host?.isEmpty == false else {
                    throw ConfigurationError(
                        file: file, key: "sources.feeds",
                        problem: "'\(entry)' is not a web address; write it like https://example.org/feed.xml.")
                }
                return entry
            }
            return resolved(entry)
        }
        return Configuration.Sources(
            feeds: feeds, logs: try sourceList("logs").map(resolved),
            analytics: try sourceList("analytics").map(resolved))
    }

    /// A path made absolute against the configuration file's folder, `~` expanded.
    private func resolved(_ entry: String) -> String {
        let expanded = (entry as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return folder.appendingPathComponent(expanded).path
    }

    private func sourceList(_ key: String) throws -> [String] {
        guard let raw = value("sources", key) else { return [] }
        guard let array = raw.array else {
            throw ConfigurationError(
                file: file, key: "sources.\(key)", problem: "must be a list of strings, like [\"a\", \"b\"].")
        }
        return try array.map { element in
            guard let text = element.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw ConfigurationError(
                    file: file, key: "sources.\(key)", problem: "must be a list of non-empty strings in double quotes.")
            }
            return text
        }
    }
}
