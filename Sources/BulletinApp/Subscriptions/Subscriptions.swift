import BulletinCore
import BulletinStore
import Foundation

/// The subscribe, confirm, unsubscribe and preferences use cases of the web pages, on one connection.
///
/// Each change is recorded in the subscriber's history with the source `web`. Signed link tokens are the
/// capability: a token proves which subscriber the request is for, so no session or cookie is needed. The calls
/// block on SQLite: the web reaches them through ``SubscriptionDesk``, which runs them off the concurrency pool.
public struct Subscriptions {
    /// The source recorded in the history for every change made here.
    public static let source = "web"

    /// The subscribers.
    public let store: SQLiteSubscriberStore
    /// The sent issues, for the archive pages.
    public let archive: SQLiteIssueArchive
    /// The status changes, recorded with the source `web`.
    private let changes: SubscriberChanges
    private let links: LinkSigner
    private let confirmValidity: TimeInterval
    private let confirmationInterval: TimeInterval
    private let now: @Sendable () -> Date

    /// Use cases over `database`.
    ///
    /// - Parameters:
    ///   - confirmValidity: how long a confirmation link stays valid.
    ///   - confirmationInterval: the least time between two confirmation messages to one address.
    public init(
        database: Database, links: LinkSigner, confirmValidity: TimeInterval, confirmationInterval: TimeInterval,
        now: @escaping @Sendable () -> Date
    ) {
        store = SQLiteSubscriberStore(database: database, links: links)
        archive = SQLiteIssueArchive(database: database)
        changes = SubscriberChanges(store: store, clock: now, source: Self.source)
        self.links = links
        self.confirmValidity = confirmValidity
        self.confirmationInterval = confirmationInterval
        self.now = now
    }

    /// Handles the subscribe form: a new address becomes `pending` and gets a confirmation message; a pending
    /// one gets the message again; someone who unsubscribed or bounced gets it too, and stays as they are until
    /// they confirm. An active address is left alone, and one that complained gets nothing. At most one message
    /// goes to an address per `confirmationInterval`, however often the form is sent for it.
    public func subscribe(address: EmailAddress, name: String, topics: [String]) throws -> SubscribeOutcome {
        let time = now()
        var existing = try store.subscriber(email: address)
        if existing == nil {
            do {
                existing = try changes.add(
                    address, name: name, topics: topics, attributes: [:], status: .pending, force: true, at: time)
            } catch SubscriberStoreError.alreadySubscribed {
                // Another process added the address a moment ago.
                existing = try store.subscriber(email: address)
            }
        }
        guard let subscriber = existing else { return .nothing("the address vanished while subscribing") }
        switch subscriber.status {
        case .active: return .nothing("already active")
        case .complained: return .nothing("complained before; not mailed again")
        case .pending, .unsubscribed, .bounced:
            guard try store.claimConfirmation(subscriberID: subscriber.id, interval: confirmationInterval, at: time)
            else { return .nothing("a confirmation went to the address less than the interval ago") }
            let stamp = ConfirmationStamp(issued: time)
            let token = links.token(.confirm, for: subscriber, issue: stamp.label)
            return .confirm(
                ConfirmationRequest(
                    subscriberID: subscriber.id, linkKey: subscriber.linkKey, address: address,
                    name: subscriber.status == .pending ? subscriber.name : name, token: token))
        }
    }

    /// The subscriber a verified token names, without changing anything (for the pages a GET shows).
    ///
    /// - Throws: ``LinkTokenError/unknownSubscriber(_:)`` when the subscriber is no longer in the store (a later
    ///   subscriber given the same id is someone else: their link key differs).
    public func subscriber(for contents: LinkToken) throws -> Subscriber {
        guard let subscriber = try store.subscriber(named: contents) else {
            throw LinkTokenError.unknownSubscriber(contents.subscriberID)
        }
        return subscriber
    }

    /// Whether a verified confirmation token can still be used, without changing anything: nil when it can.
    ///
    /// - Throws: ``LinkTokenError/malformed`` when the token carries no confirmation stamp.
    public func checkConfirmation(_ contents: LinkToken) throws -> ConfirmOutcome? {
        let stamp = try Self.stamp(of: contents)
        if now().timeIntervalSince(stamp.issued) > confirmValidity { return .expired }
        guard try store.subscriber(named: contents) != nil else { return .unknownSubscriber }
        return nil
    }

    /// Confirms a subscription (the POST behind the confirm page's button), given its verified token.
    ///
    /// A pending subscriber becomes active. Someone who unsubscribed or bounced becomes active again only with
    /// a link made after that happened: they asked for it again themselves and proved the mailbox is theirs,
    /// which is consent. Someone who complained is never reactivated from the web.
    ///
    /// - Throws: ``LinkTokenError`` when the token carries no confirmation stamp or its subscriber is gone.
    public func confirm(_ contents: LinkToken) throws -> ConfirmOutcome {
        if let problem = try checkConfirmation(contents) { return problem }
        let subscriber = try subscriber(for: contents)
        let stamp = try Self.stamp(of: contents)
        let address = subscriber.address
        switch subscriber.status {
        case .active:
            return .confirmed(subscriber)
        case .pending:
            try changes.activate(address, reason: "confirmed by link (double opt-in)", force: false)
        case .unsubscribed, .bounced:
            guard stamp.issued >= (try store.lastStatusChange(of: subscriber)) else { return .superseded }
            try changes.activate(
                address, reason: "subscribed again and confirmed by link (double opt-in)", force: true)
        case .complained:
            return .superseded
        }
        return .confirmed(try store.subscriber(id: subscriber.id) ?? subscriber)
    }

    /// When a confirmation token was issued, from its issue field.
    private static func stamp(of contents: LinkToken) throws -> ConfirmationStamp {
        guard let stamp = ConfirmationStamp(label: contents.issue) else { throw LinkTokenError.malformed }
        return stamp
    }

    /// Unsubscribes the subscriber a verified token names (RFC 8058 one-click, or the page's button).
    /// Idempotent: a second request for the same person is answered the same and records nothing. Someone who
    /// bounced or complained stays so (they get no mail either way).
    ///
    /// - Parameter fromPreferences: the preferences page's button sent it; the history's reason says so
    ///   (`bulletin report` counts those apart from one-click unsubscribes).
    public func unsubscribe(_ contents: LinkToken, fromPreferences: Bool = false) throws -> UnsubscribeOutcome {
        guard let subscriber = try store.subscriber(named: contents) else { return .unknownSubscriber }
        guard !subscriber.status.isSuppressed else { return .unsubscribed }
        let reason =
            (fromPreferences ? Self.preferencesUnsubscribe : "one-click unsubscribe")
            + (contents.issue.isEmpty ? "" : " in issue \(contents.issue)")
        try changes.unsubscribe(subscriber.address, reason: reason)
        return .unsubscribed
    }

    /// Stops one topic for the subscriber a verified unsubscribe token names (the button of the page a section's
    /// stop link opens): the topic comes off their topics, the history records `topic removed: NAME`, and they
    /// stay subscribed to everything else. Idempotent: a topic they do not have changes nothing.
    ///
    /// - Throws: ``LinkTokenError/unknownSubscriber(_:)`` when the subscriber is no longer in the store.
    public func stopTopic(_ contents: LinkToken, topic: String) throws -> StopTopicOutcome {
        let subscriber = try subscriber(for: contents)
        guard try store.removeTopic(id: subscriber.id, topic: topic, source: Self.source, at: now()) else {
            return .notTheirs(subscriber)
        }
        return .stopped(try store.subscriber(id: subscriber.id) ?? subscriber)
    }

    /// The history's reason for an unsubscribe from the preferences page.
    public static let preferencesUnsubscribe = "unsubscribed on the preferences page"

    /// Saves the preferences form, name and topics, for the subscriber a verified token names.
    ///
    /// - Throws: ``LinkTokenError/unknownSubscriber(_:)`` when the subscriber is no longer in the store.
    public func savePreferences(_ contents: LinkToken, name: String, topics: [String]) throws -> Subscriber {
        let subscriber = try subscriber(for: contents)
        try store.updatePreferences(id: subscriber.id, name: name, topics: topics, source: Self.source, at: now())
        return try store.subscriber(id: subscriber.id) ?? subscriber
    }
}

/// What stopping one topic did.
public enum StopTopicOutcome: Sendable, Equatable {
    /// The topic came off; the subscriber as they are now.
    case stopped(Subscriber)
    /// The subscriber did not have the topic; nothing changed.
    case notTheirs(Subscriber)
}
