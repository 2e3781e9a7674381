import BulletinCore
import BulletinNet
import BulletinOpenSSL
import BulletinStore
import Foundation
import Logging

/// The parts of one running Bulletin, built once from the configuration and handed to every use case: the CLI
/// builds it in each command, `serve` once at start.
///
/// Cheap parts (configuration, clock, logger) are values; parts that touch files or the database are made on
/// demand, because not every command needs them (`preview` has no database, `init` no configuration yet).
public struct AppEnvironment: Sendable {
    /// The checked configuration.
    public let configuration: Configuration
    /// The configuration file it was read from, for messages that name a key.
    public let configurationPath: String
    /// The process environment (`BULLETIN_NOW`, `password_env`).
    public let processEnvironment: [String: String]
    /// The current time: the system clock, or `BULLETIN_NOW` read once.
    public let now: @Sendable () -> Date
    /// Where use cases log.
    public let logger: Logger

    /// An environment from parts already made: for tests and for `serve`.
    public init(
        configuration: Configuration, configurationPath: String, processEnvironment: [String: String],
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.configuration = configuration
        self.configurationPath = configurationPath
        self.processEnvironment = processEnvironment
        self.now = now
        self.logger = logger
    }

    /// Reads and checks the configuration at `configurationPath` and the clock from `environment`.
    ///
    /// - Throws: ``ConfigurationError``; ``ClockError`` for a `BULLETIN_NOW` that is not a date.
    public static func load(
        configurationPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws -> AppEnvironment {
        AppEnvironment(
            configuration: try ConfigurationLoader.load(path: configurationPath), configurationPath: configurationPath,
            processEnvironment: environment, now: try Clock.source(environment: environment), logger: logger)
    }

    /// Opens the configured database, which must exist.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public func openDatabase() throws -> Database {
        try Database(
            path: configuration.store.path.path, mode: .existing, busyTimeout: configuration.store.busyTimeoutSeconds)
    }

    /// Opens the configured database for a command that only looks: like ``openDatabase()`` when this process may
    /// write it, read-only (and at the current schema) when it may only read it.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public func openDatabaseToRead() throws -> Database {
        try Database.openForReading(
            path: configuration.store.path.path, busyTimeout: configuration.store.busyTimeoutSeconds)
    }

    /// The preflight's link checker: libcurl, several addresses at once, 10 s each.
    public func linkChecker() -> any LinkChecker {
        CurlLinkChecker()
    }

    /// The signer of subscribers' links, from `[links] secret_file`.
    ///
    /// - Throws: ``LinkSecretError`` naming the file when it is missing or cannot be used.
    public func linkSigner() throws -> LinkSigner {
        try LinkSigner(secretFile: configuration.links.secretFile)
    }

    /// The subscriber store on `database` (a new connection when nil), with the link secret when it exists (it
    /// keys the hash kept for an erased address).
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``; ``LinkSecretError`` for a secret file that exists but
    ///   cannot be used; ``SubscriberStoreError/removalsNeedSecret`` when there is no secret file but erased
    ///   addresses are kept (without it they would not be recognized, and an erased person could come back).
    public func subscriberStore(on database: Database? = nil) throws -> SQLiteSubscriberStore {
        let database = try database ?? openDatabase()
        guard FileManager.default.fileExists(atPath: configuration.links.secretFile.path) else {
            let store = SQLiteSubscriberStore(database: database, links: nil)
            if try store.keepsErasedAddresses() { throw SubscriberStoreError.removalsNeedSecret }
            return store
        }
        return SQLiteSubscriberStore(database: database, links: try linkSigner())
    }

    /// The subscriber store for a command that only looks (``openDatabaseToRead()``). Looking needs no link secret:
    /// when the secret file exists but this user may not read it, the store goes without it.
    ///
    /// - Throws: as ``subscriberStore(on:)``.
    public func subscriberStoreToRead() throws -> SQLiteSubscriberStore {
        let database = try openDatabaseToRead()
        let secret = configuration.links.secretFile.path
        if FileManager.default.fileExists(atPath: secret), !FileManager.default.isReadableFile(atPath: secret) {
            return SQLiteSubscriberStore(database: database, links: nil)
        }
        return try subscriberStore(on: database)
    }

    /// The configured DKIM signers in signature order, RSA signing through the system's OpenSSL as `send` signs.
    ///
    /// - Throws: ``DKIMKeyError`` naming the key file that cannot be used.
    public func dkimSigners() throws -> [DKIMSigner] {
        try (configuration.dkim?.signers() ?? []).map { try $0.usingFastestSigning() }
    }

    /// The SMTP password from `password_env` or `password_file`; nil when the relay takes no login.
    ///
    /// - Throws: ``ConfigurationError`` naming the key when the variable is unset or the file unreadable.
    public func smtpPassword() throws -> String? {
        try configuration.smtp.password(environment: processEnvironment, configurationFile: configurationPath)
    }

    /// The SMTP transport to the configured relay.
    ///
    /// - Throws: ``ConfigurationError`` for a password that cannot be read.
    public func transport() throws -> CurlSMTPTransport {
        CurlSMTPTransport(settings: configuration.smtp, password: try smtpPassword())
    }

    /// The `[inbound]` mailbox password from `password_env` or `password_file`.
    ///
    /// - Throws: ``ConfigurationError`` naming `[inbound]` when the section is missing, or the key when the
    ///   variable is unset or the file unreadable.
    public func inboundPassword() throws -> String {
        try inboundSettings().password(environment: processEnvironment, configurationFile: configurationPath)
    }

    /// The fetcher of the configured `[inbound]` mailbox (one connection, opened at its first use).
    ///
    /// - Throws: ``ConfigurationError`` for a missing `[inbound]` or an unreadable password;
    ///   ``InboundFetchError/setupFailed(detail:)`` when libcurl cannot be set up.
    public func inboundFetcher() throws -> CurlInboundFetcher {
        try CurlInboundFetcher(settings: try inboundSettings(), password: try inboundPassword())
    }

    private func inboundSettings() throws -> Configuration.Inbound {
        guard let inbound = configuration.inbound else {
            throw ConfigurationError(
                file: configurationPath,
                problem: "there is no [inbound] section; add one with url, username, and password_env or "
                    + "password_file, to fetch mail from a mailbox.")
        }
        return inbound
    }
}
