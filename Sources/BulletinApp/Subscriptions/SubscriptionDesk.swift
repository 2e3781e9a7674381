import BulletinCore
import BulletinStore
import Foundation

/// The web's way to ``Subscriptions``: every call runs, one at a time, on the one connection a
/// ``SerialConnection`` owns, off the Swift concurrency pool (SQLite blocks for up to its busy timeout).
public final class SubscriptionDesk: Sendable {
    /// The source recorded in the history for every change made here.
    public static let source = Subscriptions.source

    private let connection: SerialConnection<Subscriptions>
    private let links: LinkSigner

    /// Opens the database, which must exist (`bulletin init` makes it).
    ///
    /// - Parameters:
    ///   - confirmationInterval: the least time between two confirmation messages to one address.
    /// - Throws: ``DatabaseOpenError`` or ``SQLiteError``.
    public convenience init(
        databasePath: String, busyTimeout: Int, links: LinkSigner, confirmValidity: TimeInterval,
        confirmationInterval: TimeInterval = 86_400, now: @escaping @Sendable () -> Date
    ) throws {
        // SQLite gives the `-wal` and `-shm` files the database file's own mode.
        self.init(
            database: try Database(path: databasePath, mode: .existing, busyTimeout: busyTimeout), links: links,
            confirmValidity: confirmValidity, confirmationInterval: confirmationInterval, now: now)
    }

    /// The desk of `environment`: its database, link secret, clock and `[web] confirmation_interval_hours`.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``; ``LinkSecretError`` for a link secret that cannot be used.
    public convenience init(environment: AppEnvironment, confirmValidity: TimeInterval) throws {
        self.init(
            database: try environment.openDatabase(), links: try environment.linkSigner(),
            confirmValidity: confirmValidity,
            confirmationInterval: TimeInterval(environment.configuration.web.confirmationIntervalHours) * 3_600,
            now: environment.now)
    }

    /// Takes ownership of `database`: nothing else may use the connection.
    public init(
        database: consuming sending Database, links: LinkSigner, confirmValidity: TimeInterval,
        confirmationInterval: TimeInterval, now: @escaping @Sendable () -> Date
    ) {
        self.links = links
        connection = SerialConnection(
            label: "bulletin.subscriptions",
            Subscriptions(
                database: database, links: links, confirmValidity: confirmValidity,
                confirmationInterval: confirmationInterval, now: now))
    }

    /// See ``Subscriptions/subscribe(address:name:topics:)``.
    public func subscribe(address: EmailAddress, name: String, topics: [String]) async throws -> SubscribeOutcome {
        try await connection.run { try $0.subscribe(address: address, name: name, topics: topics) }
    }

    /// Checks a token's signature and purpose: the one verification a request makes. Every other method takes
    /// its result, the token's verified contents.
    ///
    /// - Throws: ``LinkTokenError`` for a malformed, tampered or wrong-purpose token.
    public func verify(_ token: String, for purpose: LinkPurpose) throws -> LinkToken {
        try links.verify(token, for: purpose)
    }

    /// See ``Subscriptions/subscriber(for:)``.
    public func subscriber(for contents: LinkToken) async throws -> Subscriber {
        try await connection.run { try $0.subscriber(for: contents) }
    }

    /// See ``Subscriptions/checkConfirmation(_:)``.
    public func checkConfirmation(_ contents: LinkToken) async throws -> ConfirmOutcome? {
        try await connection.run { try $0.checkConfirmation(contents) }
    }

    /// See ``Subscriptions/confirm(_:)``.
    public func confirm(_ contents: LinkToken) async throws -> ConfirmOutcome {
        try await connection.run { try $0.confirm(contents) }
    }

    /// See ``Subscriptions/unsubscribe(_:)``.
    public func unsubscribe(_ contents: LinkToken, fromPreferences: Bool = false) async throws -> UnsubscribeOutcome {
        try await connection.run { try $0.unsubscribe(contents, fromPreferences: fromPreferences) }
    }

    /// See ``Subscriptions/stopTopic(_:topic:)``.
    public func stopTopic(_ contents: LinkToken, topic: String) async throws -> StopTopicOutcome {
        try await connection.run { try $0.stopTopic(contents, topic: topic) }
    }

    /// See ``Subscriptions/savePreferences(_:name:topics:)``.
    public func savePreferences(_ contents: LinkToken, name: String, topics: [String]) async throws -> Subscriber {
        try await connection.run { try $0.savePreferences(contents, name: name, topics: topics) }
    }

    /// A token for another purpose for the same subscriber and issue (the unsubscribe button on the preferences
    /// page), always of the current, keyed kind.
    public func token(_ purpose: LinkPurpose, for subscriber: Subscriber, issue: String = "") -> String {
        links.token(purpose, for: subscriber, issue: issue)
    }

    /// The sent issues, newest first.
    public func issues() async throws -> [ArchivedIssue] {
        try await connection.run { try $0.archive.issues() }
    }

    /// One sent issue with its HTML.
    public func issue(week: String) async throws -> ArchivedIssue? {
        try await connection.run { try $0.archive.issue(week: week) }
    }
}
