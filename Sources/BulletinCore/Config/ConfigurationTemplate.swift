import Foundation

/// The commented `bulletin.toml` that `bulletin init` writes: every key, its default, and a line on what it does.
public enum ConfigurationTemplate {
    /// The values `init` fills in; the rest are defaults.
    public struct Values: Sendable {
        /// `[newsletter] name`.
        public var name: String
        /// `[newsletter] from`.
        public var from: String
        /// `[newsletter] reply_to`; empty leaves the key commented out.
        public var replyTo: String
        /// `[newsletter] site_url`.
        public var siteURL: String

        /// Creates the values.
        public init(name: String, from: String, replyTo: String, siteURL: String) {
            self.name = name
            self.from = from
            self.replyTo = replyTo
            self.siteURL = siteURL
        }
    }

    /// The file's text.
    public static func render(_ values: Values) -> String {
        let replyTo =
            values.replyTo.isEmpty
            ? "# reply_to = \"editors@example.org\""
            : "reply_to = \(quoted(values.replyTo))"
        return """
            # Bulletin configuration.
            # Relative paths are relative to the folder this file is in. Every key is shown; a commented-out
            # key has the default value shown. See README.md, "Configuration", for the whole list.

            [newsletter]
            # The newsletter's name, as readers see it in their inbox and at the top of each issue.
            name = \(quoted(values.name))
            # The sender of every message: "Display Name <address>" or just an address. Its domain should be one
            # you can publish SPF and DKIM records for.
            from = \(quoted(values.from))
            # Where replies go (optional; without it replies go to the From address).
            \(replyTo)
            # The site the newsletter is about; links in issues point into it.
            site_url = \(quoted(values.siteURL))

            [store]
            # The SQLite database that holds subscribers, their history and the delivery ledger.
            # path = "\(Configuration.defaultStorePath)"
            # Seconds a command waits for another command's write to finish before giving up (exit 75).
            # busy_timeout = \(Configuration.defaultBusyTimeout)

            [links]
            # The file holding the secret key that signs unsubscribe and confirmation links. `bulletin init`
            # creates it with mode 0600. Keep it private and keep it: a new key voids every link already mailed.
            # secret_file = "\(Configuration.defaultSecretFile)"

            [digest]
            # The IANA time zone whose days and weeks page views are counted in (Europe/Berlin, Asia/Almaty…).
            # timezone = "UTC"
            # How many articles an issue holds at most.
            # articles = 10
            # Days before the week an article may have been published and still be picked.
            # lookback_days = 7
            # The fewest visitors in the week an article needs to be picked.
            # min_visitors = 1
            # With fewer articles than this there is no issue that week (send skips it).
            # min_articles = 3
            # How many articles of one category (region or topic) an issue holds at most; 0 for no cap.
            # max_per_category = 0
            # The folder of the digest's Mustache templates (`bulletin init` puts the stock ones there).
            # templates = "Templates"
            # Whether article links carry utm_source=bulletin, utm_medium=email and utm_campaign=<week>.
            # utm_tags = true

            """
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
