import Foundation

extension Configuration {
    /// `[smtp]`: the mail relay Bulletin delivers through.
    ///
    /// - SeeAlso: RFC 5321 (SMTP), RFC 3207 (STARTTLS), RFC 4954 (AUTH), RFC 8314 (implicit TLS on port 465).
    public struct SMTP: Sendable, Equatable {
        /// How the connection to the relay is protected.
        public enum TLSMode: String, Sendable, Equatable, CaseIterable {
            /// Plain connection upgraded with STARTTLS (RFC 3207); a server that does not offer it is refused.
            case starttls
            /// TLS from the first byte (`smtps://`, port 465; RFC 8314).
            case implicit
            /// No TLS: allowed only to a loopback host, unless `allow_insecure = true`.
            case none
        }

        /// The relay, like `smtp://mail.example.org:587` or `smtps://mail.example.org:465`.
        public var url: URL
        /// How the connection is protected.
        public var tls: TLSMode
        /// Allows `tls = "none"` to a host that is not the loopback.
        public var allowInsecure: Bool
        /// The AUTH user name; nil sends without logging in.
        public var username: String?
        /// The environment variable that holds the password.
        public var passwordEnvironmentVariable: String?
        /// The file whose first line is the password.
        public var passwordFile: URL?
        /// The certificate authorities to trust instead of the system's store.
        public var caFile: URL?
        /// The name Bulletin gives in EHLO (RFC 5321 §4.1.1.1).
        public var ehloName: String
        /// Seconds to wait for a connection (and TLS and login) to be set up.
        public var connectTimeoutSeconds: Int
        /// Seconds one message may take, from MAIL FROM to the reply to the final dot.
        public var messageTimeoutSeconds: Int
        /// SMTP sessions that run in parallel.
        public var connections: Int
        /// Messages sent over one session before it is closed and a fresh one opened.
        public var maxMessagesPerConnection: Int
        /// Messages per second across all sessions; 0 for no limit.
        public var rate: Double
        /// Attempts at one message before a deferral is given up as a failure (used by `send`).
        public var maxAttempts: Int
        /// The envelope sender (MAIL FROM) of every message, where bounces go; nil uses `[newsletter] from`.
        public var envelopeFrom: EmailAddress? = nil

        /// The default relay: the local mail server.
        public static let defaultURL = "smtp://localhost:25"
        /// The default number of parallel sessions.
        public static let defaultConnections = 4
        /// The default messages per session.
        public static let defaultMaxMessagesPerConnection = 1_000
        /// The default connect timeout in seconds.
        public static let defaultConnectTimeout = 30
        /// The default per-message timeout in seconds.
        public static let defaultMessageTimeout = 120
        /// The default number of attempts per message.
        public static let defaultMaxAttempts = 5

        /// The relay's host name, as written in `url`.
        public var host: String { url.host ?? "" }

        /// The relay's port: the one in `url`, else 465 for `smtps`, else 25.
        public var port: Int { url.port ?? (url.scheme?.lowercased() == "smtps" ? 465 : 25) }

        /// Whether every address a host name resolves to is the loopback (``LoopbackHost``); false when it does
        /// not resolve. A name that merely looks local (`127.attacker.example`) is judged by its addresses.
        public static func isLoopback(host: String) -> Bool {
            LoopbackHost.resolvesOnlyToLoopback(host)
        }
    }
}
