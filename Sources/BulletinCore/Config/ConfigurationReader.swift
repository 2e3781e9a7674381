import Foundation
import TOMLKit

/// Reads typed values out of the parsed table, turning every problem into a ``ConfigurationError``.
struct ConfigurationReader {
    let table: TOMLTable
    let file: String
    let folder: URL

    /// Reports the first section or key that Bulletin does not know, naming the known ones.
    func checkKnownKeys(_ knownKeys: [String: Set<String>], open: Set<String> = []) throws {
        for section in table.keys {
            guard let known = knownKeys[section] else {
                throw ConfigurationError(
                    file: file, key: "[\(section)]",
                    problem: "unknown section; check its spelling (known: "
                        + knownKeys.keys.sorted().map { "[\($0)]" }.joined(separator: ", ") + ").")
            }
            guard let sectionTable = table[section]?.table else {
                throw ConfigurationError(
                    file: file, key: section, problem: "must be a section ([\(section)]), not a single value.")
            }
            for key in sectionTable.keys where !known.contains(key) && !open.contains(section) {
                throw ConfigurationError(
                    file: file, key: "\(section).\(key)",
                    problem: "unknown key; check its spelling (known in [\(section)]: "
                        + known.sorted().joined(separator: ", ") + ").")
            }
        }
    }

    func value(_ section: String, _ key: String) -> TOMLValueConvertible? {
        table[section]?.table?[key]
    }

    func string(_ section: String, _ key: String) throws -> String? {
        guard let raw = value(section, key) else { return nil }
        guard let text = raw.string else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)", problem: "must be a string in double quotes.")
        }
        return text
    }

    func requiredString(_ section: String, _ key: String) throws -> String {
        guard let text = try string(section, key)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)", problem: "is missing; set it in the [\(section)] section.")
        }
        return text
    }

    func optionalString(_ section: String, _ key: String) throws -> String? {
        guard let text = try string(section, key)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        return text
    }

    func mailbox(_ section: String, _ key: String, text: String) throws -> Mailbox {
        do {
            return try Mailbox(parsing: text)
        } catch let error as EmailAddressError {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "'\(text)' is not an address like \"Name <news@example.org>\": \(error.explanation).")
        }
    }

    func webURL(_ section: String, _ key: String) throws -> URL {
        let text = try requiredString(section, key)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "'\(text)' is not a web address; write it like https://example.org.")
        }
        return url
    }

    func path(_ section: String, _ key: String, default defaultValue: String) throws -> URL {
        let text = try string(section, key) ?? defaultValue
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)", problem: "is empty; give a file path or remove the key.")
        }
        let expanded = (text as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return folder.appendingPathComponent(expanded).standardizedFileURL
    }

    func integer(
        _ section: String, _ key: String, default defaultValue: Int, range: ClosedRange<Int>
    ) throws
        -> Int
    {
        guard let raw = value(section, key) else { return defaultValue }
        guard let number = raw.int, range.contains(number) else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    func bool(_ section: String, _ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = value(section, key) else { return defaultValue }
        guard let flag = raw.bool else {
            throw ConfigurationError(file: file, key: "\(section).\(key)", problem: "must be true or false.")
        }
        return flag
    }

    func double(
        _ section: String, _ key: String, default defaultValue: Double, range: ClosedRange<Double>
    ) throws
        -> Double
    {
        guard let raw = value(section, key) else { return defaultValue }
        guard let number = raw.double ?? raw.int.map(Double.init), range.contains(number) else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "must be a number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    func timeZone(_ section: String, _ key: String, default defaultValue: String) throws -> TimeZone {
        let name = try optionalString(section, key) ?? defaultValue
        guard let zone = TimeZone(identifier: name) else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "'\(name)' is not an IANA time zone; write it like \"Europe/Berlin\" or \"UTC\".")
        }
        return zone
    }
}
