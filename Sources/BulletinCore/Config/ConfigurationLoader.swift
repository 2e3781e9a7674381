import Foundation
import TOMLKit

/// Reads and checks `bulletin.toml`.
public enum ConfigurationLoader {
    /// The sections and keys Bulletin knows; anything else is reported as a probable typo.
    static let knownKeys: [String: Set<String>] = [
        "newsletter": ["name", "from", "reply_to", "site_url"],
        "store": ["path", "busy_timeout"],
        "links": ["secret_file"],
    ]

    /// Finds the configuration file: `explicitPath` (from `--config`), else `$BULLETIN_CONFIG`, else
    /// `./bulletin.toml`.
    public static func locate(explicitPath: String?, environment: [String: String]) -> String {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        if let fromEnvironment = environment[Configuration.environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Configuration.defaultFileName
    }

    /// Reads the file at `path` and checks every key.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and the key at fault.
    public static func load(path: String) throws -> Configuration {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ConfigurationError(
                file: path,
                problem: "no configuration file here; run `bulletin init` to make one, or pass --config FILE "
                    + "or set BULLETIN_CONFIG.")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, problem: "cannot be read as UTF-8 text; check its permissions.")
        }
        return try parse(text, file: url, displayName: path)
    }

    /// Parses configuration text; relative paths are resolved against `file`'s folder.
    ///
    /// - Throws: ``ConfigurationError``.
    public static func parse(_ text: String, file: URL, displayName: String) throws -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: displayName,
                problem: "line \(error.source.begin.line), column \(error.source.begin.column): "
                    + "\(error.description); fix the TOML syntax there.")
        } catch {
            throw ConfigurationError(file: displayName, problem: "is not valid TOML (\(error)).")
        }
        let reader = Reader(table: table, file: displayName, folder: file.deletingLastPathComponent())
        try reader.checkKnownKeys()

        let newsletter = Configuration.Newsletter(
            name: try reader.requiredString("newsletter", "name"),
            from: try reader.mailbox("newsletter", "from", text: try reader.requiredString("newsletter", "from")),
            replyTo: try reader.optionalString("newsletter", "reply_to").map {
                try reader.mailbox("newsletter", "reply_to", text: $0)
            },
            siteURL: try reader.webURL("newsletter", "site_url"))
        let store = Configuration.Store(
            path: try reader.path("store", "path", default: Configuration.defaultStorePath),
            busyTimeoutSeconds: try reader.integer(
                "store", "busy_timeout", default: Configuration.defaultBusyTimeout, range: 0...86_400))
        let links = Configuration.Links(
            secretFile: try reader.path("links", "secret_file", default: Configuration.defaultSecretFile))
        return Configuration(file: file, newsletter: newsletter, store: store, links: links)
    }

    /// Reads typed values out of the parsed table, turning every problem into a ``ConfigurationError``.
    private struct Reader {
        let table: TOMLTable
        let file: String
        let folder: URL

        func checkKnownKeys() throws {
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
                for key in sectionTable.keys where !known.contains(key) {
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

        func integer(_ section: String, _ key: String, default defaultValue: Int, range: ClosedRange<Int>) throws
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
    }
}
