import Foundation

extension Configuration {
    /// `[inbound]`: the mailbox bounces, complaints and unsubscribe mail are fetched from (IMAP or POP3).
    ///
    /// - SeeAlso: RFC 9051 (IMAP4rev2), RFC 6851 (MOVE), RFC 1939 (POP3), RFC 8314 (implicit TLS).
    public struct Inbound: Sendable, Equatable {
        /// The mail access protocol the `url` names.
        public enum AccessProtocol: String, Sendable, Equatable {
            /// IMAP: the messages of one folder.
            case imap
            /// POP3: the whole maildrop.
            case pop3
        }

        /// The mailbox, like `imaps://mail.example.org/INBOX` or `pop3s://mail.example.org`.
        public var url: URL
        /// IMAP or POP3.
        public var accessProtocol: AccessProtocol
        /// How the connection is protected: `implicit` (imaps, pop3s), `starttls`, or `none` (loopback only).
        public var tls: SMTP.TLSMode
        /// The login name.
        public var username: String
        /// The environment variable that holds the password.
        public var passwordEnvironmentVariable: String?
        /// The file whose first line is the password.
        public var passwordFile: URL?
        /// IMAP: the folder processed messages are moved to (created when missing); nil flags them `\Seen`
        /// and leaves them in place.
        public var processedFolder: String?
        /// The certificate authorities to trust instead of the system's store.
        public var caFile: URL?

        /// Creates settings; ``ConfigurationLoader`` checks them when they come from `bulletin.toml`.
        public init(
            url: URL, accessProtocol: AccessProtocol, tls: SMTP.TLSMode, username: String,
            passwordEnvironmentVariable: String?, passwordFile: URL?, processedFolder: String?, caFile: URL?
        ) {
            self.url = url
            self.accessProtocol = accessProtocol
            self.tls = tls
            self.username = username
            self.passwordEnvironmentVariable = passwordEnvironmentVariable
            self.passwordFile = passwordFile
            self.processedFolder = processedFolder
            self.caFile = caFile
        }

        /// Seconds to wait for the connection, TLS and login.
        public static let connectTimeout = 30
        /// Seconds to wait for any one answer of the server.
        public static let responseTimeout = 120

        /// The server's host name, as written in `url`.
        public var host: String { url.host ?? "" }

        /// The server's port: the one in `url`, else the protocol's port for the TLS mode (993, 143, 995, 110).
        public var port: Int {
            if let port = url.port { return port }
            switch (accessProtocol, tls) {
            case (.imap, .implicit): return 993
            case (.imap, _): return 143
            case (.pop3, .implicit): return 995
            case (.pop3, _): return 110
            }
        }

        /// IMAP: the folder read (the url's path, `INBOX` when it has none); nil for POP3.
        public var folder: String? {
            guard accessProtocol == .imap else { return nil }
            let path = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return path.isEmpty ? "INBOX" : path
        }
    }
}
