import Foundation
import TOMLKit

/// Reads and checks `bulletin.toml`.
public enum ConfigurationLoader {
    /// The sections and keys Bulletin knows; anything else is reported as a probable typo.
    static let knownKeys: [String: Set<String>] = [
        "newsletter": ["name", "from", "reply_to", "site_url", "list_id", "feedback_id", "extra_headers"],
        "store": ["path", "busy_timeout", "mode"],
        "links": ["secret_file", "base_url", "unsubscribe_email"],
        "dkim": DKIMSettingsReader.keys,
        "digest": [
            "timezone", "articles", "lookback_days", "min_visitors", "min_articles", "max_per_category", "per_topic",
            "templates",
            "utm_tags",
        ],
        "smtp": [
            "url", "tls", "allow_insecure", "username", "password_env", "password_file", "ca_file", "ehlo_name",
            "connect_timeout", "message_timeout", "connections", "max_messages_per_connection", "rate", "max_attempts",
            "envelope_from",
        ],
        "schedule": ["day", "time", "timezone"],
        "send": ConfigurationReader.sendKeys,
        "web": ConfigurationReader.webKeys,
        "inbound": ConfigurationReader.inboundKeys,
        "bounces": ConfigurationReader.bouncesKeys,
        "topics": [],
        "sources": ConfigurationReader.sourcesKeys,
    ]

    /// Sections whose keys are names the user chooses (each topic of `[topics]`), checked by their own reader.
    static let openSections: Set<String> = ["topics"]

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
                problem: "no configuration file here.", remedy: .createConfiguration)
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
        let reader = ConfigurationReader(table: table, file: displayName, folder: file.deletingLastPathComponent())
        try reader.checkKnownKeys(knownKeys, open: openSections)

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
                "store", "busy_timeout", default: Configuration.defaultBusyTimeout, range: 0...86_400),
            fileMode: try reader.fileMode("store", "mode"))
        let links = Configuration.Links(
            secretFile: try reader.path("links", "secret_file", default: Configuration.defaultSecretFile))
        let mail = try MailSettingsReader.read(reader, newsletter: newsletter)
        let dkim = try DKIMSettingsReader.read(reader, newsletter: newsletter)
        let smtp = try reader.smtp(defaultEHLOName: String(newsletter.from.address.domain))
        var configuration = Configuration(
            file: file, newsletter: newsletter, store: store, links: links, mail: mail, dkim: dkim, smtp: smtp)
        configuration.digest.timeZone = try reader.timeZone("digest", "timezone", default: "UTC")
        try reader.readDigestSelection(into: &configuration.digest)
        configuration.schedule = try reader.schedule(defaultTimeZone: configuration.digest.timeZone)
        configuration.send = try reader.send()
        configuration.web = try reader.web()
        configuration.inbound = try reader.inbound()
        configuration.bounces = try reader.bounces()
        configuration.sources = try reader.sources()
        configuration.topics = try reader.topics(order: TOMLKeyOrder.keys(of: "topics", in: text))
        if !configuration.topics.isEmpty, !configuration.web.topics.isEmpty {
            throw ConfigurationError(
                file: displayName, key: "web.topics",
                problem: "is replaced by [topics]; remove it, the forms offer the topics of [topics].")
        }
        return configuration
    }
}
