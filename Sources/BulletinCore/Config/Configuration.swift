import Foundation

/// Everything `bulletin.toml` says, checked and with relative paths resolved against the file's folder.
public struct Configuration: Sendable {
    /// The configuration file this was read from.
    public var file: URL

    /// `[newsletter]`: who sends, and from where.
    public var newsletter: Newsletter
    /// `[store]`: the subscriber database.
    public var store: Store
    /// `[links]`: signed links in messages.
    public var links: Links
    /// `[newsletter]` and `[links]` keys that shape every message: List-Id, link base, extra headers.
    public var mail: Mail
    /// `[dkim]`: the signing keys; nil when no key is configured (messages go unsigned).
    public var dkim: DKIM?
    /// `[smtp]`: the mail relay.
    public var smtp: SMTP
    /// `[digest]`: how the weekly digest is put together.
    public var digest: Digest = Digest()
    /// `[schedule]`: the weekly moment `send --if-due` sends the issue.
    public var schedule = SendSchedule(timeZone: TimeZone(identifier: "UTC") ?? .current)
    /// `[send]`: when a send halts itself.
    public var send = Send()
    /// `[web]`: `bulletin serve`.
    public var web: Web = Web()
    /// `[inbound]`: the mailbox reports are fetched from; nil when the section is absent.
    public var inbound: Inbound? = nil
    /// `[bounces]`: the VERP bounce address and the soft-bounce thresholds; nil when not configured.
    public var bounces: Bounces?
    /// `[topics]`: the topics readers may choose, in the file's order, and what each covers; empty when absent.
    public var topics: [Topic] = []
    /// `[sources]`: the feeds, logs and exports `bulletin refresh` imports; nil when the section is absent.
    public var sources: Sources? = nil

    /// The topic names the subscribe and preferences forms offer: those of `[topics]`, else `[web] topics`.
    public var offeredTopics: [String] { topics.isEmpty ? web.topics : topics.map(\.name) }

    /// `[newsletter]`.
    public struct Newsletter: Sendable, Equatable {
        /// The newsletter's name, as readers see it.
        public var name: String
        /// The From mailbox of every message.
        public var from: Mailbox
        /// Where replies go; nil sends them to `from`.
        public var replyTo: Mailbox?
        /// The site the newsletter is about.
        public var siteURL: URL
    }

    /// `[store]`.
    public struct Store: Sendable, Equatable {
        /// The SQLite database file.
        public var path: URL
        /// How long a command waits for another one's write to finish before it gives up.
        public var busyTimeoutSeconds: Int
        /// `mode`: the permissions of the files Bulletin creates that hold personal data or live tokens (the
        /// database and its `-wal`/`-shm`, exports, dry-run messages): 0600 unless a group must read them (0640
        /// or 0660). Never readable by others. The send journal is always 0600.
        public var fileMode: Int = Self.defaultFileMode

        /// 0600: only the owner.
        public static let defaultFileMode = 0o600
    }

    /// `[links]`.
    public struct Links: Sendable, Equatable {
        /// The file that holds the secret key that signs unsubscribe and confirmation links.
        public var secretFile: URL
    }

    /// `[digest]`.
    public struct Digest: Sendable, Equatable {
        /// The zone whose calendar days and weeks page views are counted in.
        public var timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
        /// `articles`, `lookback_days`, `min_visitors`, `min_articles`, `max_per_category`.
        public var rules: DigestRules = .defaults
        /// `templates`: the folder of the digest's templates; nil when it is not set and `Templates/` beside the
        /// configuration does not exist, which means the stock templates.
        public var templates: URL?
        /// `utm_tags`: whether article links carry `utm_source`, `utm_medium` and `utm_campaign`.
        public var utmTags = true
        /// `per_topic`: how many articles a topic's section holds at most (0 for no sections).
        public var perTopic = 3
    }

    /// The default file name, looked for in the current folder.
    public static let defaultFileName = "bulletin.toml"
    /// The environment variable that names the configuration file.
    public static let environmentVariable = "BULLETIN_CONFIG"
    /// The default database path, relative to the configuration file.
    public static let defaultStorePath = "Subscribers/bulletin.sqlite"
    /// The default secret file, relative to the configuration file.
    public static let defaultSecretFile = "bulletin.secret"
    /// The default busy timeout in seconds.
    public static let defaultBusyTimeout = 30
}
