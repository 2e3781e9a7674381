import BulletinCore
import BulletinStore
import Foundation

/// The changes made to one subscriber: add, unsubscribe, activate and remove (erase). `bulletin subscribers`
/// makes them with the source `cli`; the web's ``Subscriptions`` adds, confirms and unsubscribes through them with
/// the source `web`.
///
/// Each change is recorded in the subscriber's history with ``source``; an address that was erased is explained
/// by a ``RemovedAddressError`` instead of a bare ``SubscriberStoreError/notFound(_:)``.
public struct SubscriberChanges {
    /// The subscribers.
    public let store: SQLiteSubscriberStore
    /// When each change happens.
    public let clock: @Sendable () -> Date
    /// The source recorded in the history (`cli`).
    public let source: String

    /// Changes through `store`, each at the time `clock` tells.
    public init(store: SQLiteSubscriberStore, clock: @escaping @Sendable () -> Date, source: String) {
        self.store = store
        self.clock = clock
        self.source = source
    }

    /// Changes through `store`, all at `now`.
    public init(store: SQLiteSubscriberStore, now: Date, source: String = "cli") {
        self.init(store: store, clock: { now }, source: source)
    }

    /// Changes through the environment's subscriber store, at its current time.
    ///
    /// - Throws: see ``AppEnvironment/subscriberStore(on:)``.
    public init(environment: AppEnvironment, source: String = "cli") throws {
        self.init(store: try environment.subscriberStore(), clock: environment.now, source: source)
    }

    /// Adds one subscriber.
    ///
    /// - Parameters:
    ///   - force: add even an address that was erased before.
    ///   - time: when it happens, when the caller has read the clock already; else now.
    /// - Throws: ``SubscriberStoreError/alreadySubscribed(_:)``, ``SubscriberStoreError/wasRemoved(_:_:)``.
    public func add(
        _ address: EmailAddress, name: String, topics: [String], attributes: [String: String],
        status: SubscriberStatus, force: Bool, at time: Date? = nil
    ) throws -> Subscriber {
        try store.add(
            email: address, name: name, topics: topics, attributes: attributes, status: status, source: source,
            at: time ?? clock(), force: force)
    }

    /// Unsubscribes `address`; unsubscribing someone already unsubscribed changes nothing.
    ///
    /// - Throws: ``RemovedAddressError`` for an erased address, ``SubscriberStoreError/notFound(_:)``.
    @discardableResult
    public func unsubscribe(
        _ address: EmailAddress, reason: String, source: String? = nil
    ) throws -> SQLiteSubscriberStore.StatusChange {
        try RemovedAddressError.explaining(address, in: store, for: .unsubscribe) {
            try store.changeStatus(
                email: address, to: .unsubscribed, source: source ?? self.source, reason: reason, at: clock())
        }
    }

    /// Unsubscribes the subscriber an unsubscribe link's token names, as the link itself would: the history
    /// says `link`, and the reason names the link's issue unless `reason` is given.
    ///
    /// - Throws: ``LinkTokenError`` for a token that is altered, made for another purpose, or names someone
    ///   erased; then nothing changes.
    public func unsubscribe(
        token: String, links: LinkSigner, reason: String
    ) throws -> (address: EmailAddress, change: SQLiteSubscriberStore.StatusChange) {
        let (subscriber, contents) = try store.subscriber(forToken: token, purpose: .unsubscribe, links: links)
        let address = subscriber.address
        let why =
            reason.isEmpty
            ? "unsubscribe link" + (contents.issue.isEmpty ? "" : " in issue \(contents.issue)") : reason
        return (address, try unsubscribe(address, reason: why, source: "link"))
    }

    /// Makes `address` active: a pending subscriber, or (with `force`) one who unsubscribed, bounced or
    /// complained.
    ///
    /// - Throws: ``RemovedAddressError`` for an erased address, ``SubscriberStoreError/notFound(_:)``,
    ///   ``SubscriberStoreError/suppressed(_:_:)`` without `force`.
    @discardableResult
    public func activate(
        _ address: EmailAddress, reason: String, force: Bool
    ) throws -> SQLiteSubscriberStore.StatusChange {
        try RemovedAddressError.explaining(address, in: store, for: .activate) {
            try store.changeStatus(
                email: address, to: .active, source: source, reason: reason, at: clock(), force: force)
        }
    }

    /// The subscriber `remove` would erase, to ask before erasing.
    ///
    /// - Throws: ``RemovedAddressError`` for an address already erased, ``SubscriberStoreError/notFound(_:)``.
    public func subscriberToRemove(_ address: EmailAddress) throws -> Subscriber {
        guard let subscriber = try store.subscriber(email: address) else {
            try RemovedAddressError.throwIfRemoved(address, in: store, for: .remove)
            throw SubscriberStoreError.notFound(address.value)
        }
        return subscriber
    }

    /// What erasing a subscriber did.
    public struct Removal: Sendable, Equatable {
        /// The erased subscriber's id.
        public var id: Int64
        /// Whether the database's write-ahead log, which held older copies of their row, was emptied now (false
        /// when another process was reading; the next checkpoint empties it).
        public var logEmptied: Bool
        /// Whether their lines in the send journal were dropped (false while a send runs; it deletes its journal
        /// when it ends).
        public var journalErased: Bool
        /// The send journal's path.
        public var journal: String
    }

    /// Erases `address` and its history, keeping only a keyed hash of the address, and drops its lines from the
    /// send journal.
    ///
    /// - Throws: ``RemovedAddressError`` for an address already erased, ``SubscriberStoreError/notFound(_:)``.
    public func remove(_ address: EmailAddress) throws -> Removal {
        let removed = try RemovedAddressError.explaining(address, in: store, for: .remove) {
            try store.remove(email: address, source: source, at: clock())
        }
        let journal = SendJournal.path(forDatabase: store.database.path)
        let erased = try SendJournal.erase(subscriberID: removed.id, databasePath: store.database.path)
        return Removal(id: removed.id, logEmptied: removed.logEmptied, journalErased: erased, journal: journal)
    }
}
