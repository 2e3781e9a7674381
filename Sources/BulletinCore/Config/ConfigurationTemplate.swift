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
        let from = try? Mailbox(parsing: values.from)
        let defaults = (
            listID: from.map { MailSettingsReader.defaultListID($0.address) } ?? "newsletter.example.org",
            fromAddress: from?.address.value ?? "newsletter@example.org",
            fromDomain: from.map { String($0.address.domain) } ?? "example.org"
        )
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
            # The List-Id of every message (RFC 2919): a name that stays the same for the life of the list.
            # list_id = \(quoted(defaults.listID))
            # A Feedback-ID header for Gmail's feedback loop (optional; none by default).
            # feedback_id = "weekly:bulletin"
            # Extra header fields for every message: printable ASCII, not one Bulletin writes itself.
            # extra_headers = { "X-Campaign" = "weekly" }

            [store]
            # The SQLite database that holds subscribers, their history and the delivery ledger.
            # path = "\(Configuration.defaultStorePath)"
            # Seconds a command waits for another command's write to finish before giving up (exit 75).
            # busy_timeout = \(Configuration.defaultBusyTimeout)
            # The permissions of the files Bulletin creates that hold addresses or live links: the database and
            # its -wal and -shm, exports, dry-run messages. "0600" (owner only, whatever the umask); "0640" or
            # "0660" if a group must read them. Never readable by others.
            # mode = "0600"

            [links]
            # The file holding the secret key that signs unsubscribe and confirmation links. `bulletin init`
            # creates it with mode 0600. Keep it private and keep it: a new key voids every link already mailed.
            # secret_file = "\(Configuration.defaultSecretFile)"
            # Where unsubscribe and preferences links point (`bulletin serve`, behind the site's proxy):
            # <base_url>/unsubscribe?token=… Defaults to [newsletter] site_url.
            # base_url = \(quoted(values.siteURL))
            # The address of the List-Unsubscribe mailto link; defaults to the From address.
            # unsubscribe_email = \(quoted(defaults.fromAddress))

            [dkim]
            # DKIM signatures (RFC 6376). Make a key with `bulletin dkim keygen`, publish the TXT record it
            # prints, then uncomment these. Without a private_key, messages go unsigned.
            # The signing domain (d=); defaults to the domain of [newsletter] from.
            # domain = \(quoted(defaults.fromDomain))
            # The key's selector: its record is <selector>._domainkey.<domain>.
            # selector = "bulletin"
            # The PEM private key file (mode 0600).
            # private_key = "dkim/bulletin.pem"
            # rsa-sha256 (every verifier knows it) or ed25519-sha256 (RFC 8463).
            # algorithm = "rsa-sha256"
            # A second key to double-sign with, as RFC 8463 advises: rsa-sha256 plus ed25519-sha256.
            # second_selector = "bulletin-ed"
            # second_private_key = "dkim/bulletin-ed.pem"
            # second_algorithm = "ed25519-sha256"

            [smtp]
            # The mail relay: smtp://host:587 (STARTTLS) or smtps://host:465 (implicit TLS).
            # url = "\(Configuration.SMTP.defaultURL)"
            # starttls (refuses to send in clear), implicit (for smtps://), or none (only to a host every address
            # of which is loopback: 127.0.0.0/8 or ::1).
            # tls = "starttls"
            # Allow tls = "none" to a host that is not this machine (only on a network you trust).
            # allow_insecure = false
            # The AUTH user name; leave unset to send without logging in.
            # username = "newsletter@example.org"
            # Where the password comes from: an environment variable, or the first line of a file (never both).
            # password_env = "BULLETIN_SMTP_PASSWORD"
            # password_file = "smtp.password"
            # PEM certificate authorities to trust instead of the system's store (for a private CA).
            # ca_file = "relay-ca.pem"
            # The name given in EHLO (default: the domain of [newsletter] from).
            # ehlo_name = "mail.example.org"
            # Seconds to wait for a connection, TLS and login; seconds one message may take.
            # connect_timeout = \(Configuration.SMTP.defaultConnectTimeout)
            # message_timeout = \(Configuration.SMTP.defaultMessageTimeout)
            # SMTP sessions in parallel, and messages per session before a fresh one is opened.
            # connections = \(Configuration.SMTP.defaultConnections)
            # max_messages_per_connection = \(Configuration.SMTP.defaultMaxMessagesPerConnection)
            # Messages per second across all sessions (0: as fast as the relay takes them).
            # rate = 0
            # Attempts at a deferred message before `send` gives up on it.
            # max_attempts = \(Configuration.SMTP.defaultMaxAttempts)
            # The envelope sender (MAIL FROM), where bounces go (default: the address of [newsletter] from).
            # envelope_from = "bounces@example.org"

            [schedule]
            # When `bulletin send --if-due` (run by cron every 15 minutes; see `bulletin schedule`) sends the
            # issue of the week before: a day of the week, a 24-hour time, and the zone (default: [digest] timezone).
            # day = "monday"
            # time = "07:00"
            # timezone = "Europe/Berlin"

            [send]
            # A send halts itself (marks the issue `halted`, sends nothing more until `bulletin send --week W
            # --resume`) when, among the last halt_window outcomes (once at least 50 were seen), more than
            # halt_failure_rate are permanent failures (5xx): a list of dead addresses, or a relay that refuses
            # the newsletter. 1 turns the check off.
            # halt_window = \(HaltCheck.defaultWindow)
            # halt_failure_rate = \(HaltCheck.defaultFailureRate)

            [bounces]
            # Where delivery reports, complaints and unsubscribe mails come back to (see README.md, "Bounces and
            # complaints"). With an address, each message's envelope sender is bounces+<tag>@example.org, the tag
            # naming the issue and the subscriber; `bulletin inbound` reads what arrives there. Without it, the
            # envelope sender is [smtp] envelope_from.
            # address = "bounces@\(defaults.fromDomain)"
            # Soft bounces (mailbox full, deferred, blocked) on different days within window_days that make a
            # subscriber `bounced`; an accepted delivery in between starts the count again.
            # soft_limit = \(Configuration.Bounces.defaultSoftLimit)
            # window_days = \(Configuration.Bounces.defaultWindowDays)

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
            # With [topics], how many of a topic's most-read articles not in the main block its section holds
            # (a reader gets the sections of their topics); 0 for no sections.
            # per_topic = 3
            # The folder of the digest's Mustache templates (`bulletin init` puts the stock ones there).
            # templates = "Templates"
            # Whether article links carry utm_source=bulletin, utm_medium=email and utm_campaign=<week>.
            # utm_tags = true

            # [sources]
            # What `bulletin refresh` (and `send --if-due` before a new issue) imports: feeds by conditional GET,
            # logs from where the last refresh stopped, analytics exports when they changed. Paths are relative to
            # this file's folder; globs such as "/var/log/nginx/access.log*" take rotated and .gz logs too.
            # feeds = ["https://example.org/feed.xml"]
            # logs = ["/var/log/nginx/access.log*"]
            # analytics = ["exports/*.csv"]

            # [inbound]
            # The mailbox bounces, complaints and unsubscribe mail are fetched from (see README.md, "Fetching
            # bounces from a mailbox"). Uncomment the section line and the keys to use it.
            # url = "imaps://mail.example.org/INBOX"
            # implicit (imaps://, pop3s://), starttls (imap://, pop3://), or none (only to this machine).
            # tls = "implicit"
            # username = "bounces@example.org"
            # Where the password comes from: an environment variable, or the first line of a file (never both).
            # password_env = "BULLETIN_INBOUND_PASSWORD"
            # password_file = "inbound.password"
            # IMAP: move processed messages to this folder (created when missing) instead of flagging them \\Seen.
            # processed_folder = "Processed"
            # PEM certificate authorities to trust instead of the system's store.
            # ca_file = "mail-ca.pem"

            [web]
            # `bulletin serve`: subscribe, confirm, one-click unsubscribe, preferences and the archive, behind
            # the site's TLS-terminating proxy (see README.md, "Serving the subscription pages").
            # The address and port to listen on (--host and --port override them).
            # host = "\(Configuration.Web.defaultHost)"
            # port = \(Configuration.Web.defaultPort)
            # Proxies whose X-Forwarded-For header names the client (exact addresses); from anyone else the
            # header is ignored.
            # trusted_proxies = ["127.0.0.1", "::1"]
            # Subscribe requests one client address may make per hour (0: no limit).
            # subscribe_limit = \(Configuration.Web.defaultSubscribeLimit)
            # The topics offered on the subscribe and preferences forms.
            # topics = ["Politics", "Economy", "Culture"]
            # Days a confirmation link stays valid.
            # confirm_days = \(Configuration.Web.defaultConfirmDays)
            # Hours before the subscribe form mails another confirmation to the same address; the form sent again
            # sooner shows the same page and mails nothing.
            # confirmation_interval = \(Configuration.Web.defaultConfirmationIntervalHours)
            # A bearer token (24 characters or more; `openssl rand -hex 32`) that opens the HTML report of each
            # sent issue at /reports/<week>; without it that address does not exist.
            # reports_token = ""
            # A folder of Mustache files that replace stock pages of the same name (see Templates/web).
            # templates = "Templates/web"

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
