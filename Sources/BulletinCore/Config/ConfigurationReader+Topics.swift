import Foundation
import TOMLKit

extension ConfigurationReader {
    /// The keys one topic of `[topics]` may have.
    static let topicKeys: Set<String> = ["label", "categories", "paths"]

    /// Reads `[topics]`, in `order` (the order the file writes them); empty when the section is absent.
    func topics(order: [String]) throws -> [Topic] {
        guard let section = table["topics"]?.table else { return [] }
        let names = order.filter { section.contains(key: $0) } + section.keys.sorted().filter { !order.contains($0) }
        return try names.map { name in
            let key = "topics.\(name)"
            guard SubscriberFields.cleanName(name) == name, !name.isEmpty, !name.contains(",") else {
                throw ConfigurationError(
                    file: file, key: key,
                    problem: "is not a usable topic name; use letters, digits, '-' or '_', like kazakhstan.")
            }
            guard let entry = section[name]?.table else {
                throw ConfigurationError(
                    file: file, key: key,
                    problem: "must be a table, like \(name) = { label = \"…\", categories = [\"…\"] }.")
            }
            for entryKey in entry.keys where !Self.topicKeys.contains(entryKey) {
                throw ConfigurationError(
                    file: file, key: "\(key).\(entryKey)",
                    problem: "unknown key; a topic knows label, categories and paths.")
            }
            var label: String?
            if let raw = entry["label"] {
                guard let text = raw.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                    throw ConfigurationError(
                        file: file, key: "\(key).label", problem: "must be a non-empty string in double quotes.")
                }
                label = text
            }
            let categories = try strings(entry["categories"], key: "\(key).categories")
            let paths = try strings(entry["paths"], key: "\(key).paths")
            for path in paths where !path.hasPrefix("/") {
                throw ConfigurationError(
                    file: file, key: "\(key).paths",
                    problem: "'\(path)' is not a URL path; write it from the site's root, like \"/economy/\".")
            }
            return Topic(name: name, label: label, categories: categories, paths: paths)
        }
    }

    private func strings(_ raw: TOMLValueConvertible?, key: String) throws -> [String] {
        guard let raw else { return [] }
        guard let array = raw.array else {
            throw ConfigurationError(file: file, key: key, problem: "must be a list of strings, like [\"a\", \"b\"].")
        }
        return try array.map { element in
            guard let text = element.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw ConfigurationError(
                    file: file, key: key, problem: "must be a list of non-empty strings in double quotes.")
            }
            return text
        }
    }
}
