import BulletinCore
import BulletinStore
import Foundation

/// The read-only use cases of `bulletin subscribers`: list, count, show, stats and the CSV export.
///
/// Lists are streamed row by row to a closure, never held whole: a list of a million is printed as it is read.
public struct SubscriberDirectory {
    /// The subscribers.
    public let store: SQLiteSubscriberStore
    /// The time the statistics count back from.
    public let now: Date

    /// `[topics]`, for the readers per topic of ``stats()``; empty when not configured.
    public let topics: [Topic]

    /// A directory over `store`, counting back from `now`.
    public init(store: SQLiteSubscriberStore, now: Date, topics: [Topic] = []) {
        self.store = store
        self.now = now
        self.topics = topics
    }

    /// A directory over the environment's subscriber store, at its current time, with its `[topics]`.
    ///
    /// - Throws: see ``AppEnvironment/subscriberStore(on:)``.
    public init(environment: AppEnvironment) throws {
        self.init(
            store: try environment.subscriberStoreToRead(), now: environment.now(),
            topics: environment.configuration.topics)
    }

    /// Calls `body` with each subscriber `filter` selects, in the list's order.
    public func forEach(_ filter: SubscriberFilter, _ body: (Subscriber) throws -> Void) throws {
        try store.forEach(filter, body)
    }

    /// How many subscribers `filter` selects, without its limit.
    public func count(_ filter: SubscriberFilter) throws -> Int {
        try store.count(filter)
    }

    /// The subscriber with `address`.
    ///
    /// - Throws: ``SubscriberStoreError/notFound(_:)``.
    public func subscriber(_ address: EmailAddress) throws -> Subscriber {
        guard let subscriber = try store.subscriber(email: address) else {
            throw SubscriberStoreError.notFound(address.value)
        }
        return subscriber
    }

    /// The subscriber with `address` and their history, oldest first.
    ///
    /// - Throws: ``RemovedAddressError`` for an erased address, ``SubscriberStoreError/notFound(_:)``.
    public func profile(of address: EmailAddress) throws -> (subscriber: Subscriber, history: [SubscriberEvent]) {
        guard let subscriber = try store.subscriber(email: address) else {
            try RemovedAddressError.throwIfRemoved(address, in: store, for: .show)
            throw SubscriberStoreError.notFound(address.value)
        }
        return (subscriber, try store.history(of: subscriber))
    }

    /// How many subscribers there are by status, and how the list changed lately.
    /// With `[topics]` configured, the active readers of every topic too: each configured topic in the table's
    /// order (with 0 when nobody has it), then the topics readers have that `[topics]` does not name.
    public func stats() throws -> SubscriberStats {
        var stats = try store.stats(at: now)
        guard !topics.isEmpty else { return stats }
        var counts = try store.activeReadersPerTopic()
        var rows: [SubscriberStats.TopicReaders] = []
        for topic in topics {
            rows.append(
                .init(topic: topic.name, label: topic.label, readers: counts[topic.name] ?? 0, configured: true))
            counts[topic.name] = nil
        }
        for (name, readers) in counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            rows.append(.init(topic: name, label: name, readers: readers, configured: false))
        }
        stats.topics = rows
        return stats
    }

    /// Writes the subscribers `filter` selects as CSV, in the format `import` reads, through `write`.
    ///
    /// - Returns: how many subscribers were written.
    public func exportCSV(_ filter: SubscriberFilter, write: @escaping (String) throws -> Void) throws -> Int {
        let keys = try store.attributeKeys(filter)
        let writer = CSVWriter(write: write)
        try writer.writeRecord(SubscriberCSVFormat.exportHeader(attributeKeys: keys))
        var count = 0
        try store.forEach(filter) { subscriber in
            try writer.writeRecord(SubscriberCSVFormat.exportRow(subscriber, attributeKeys: keys))
            count += 1
        }
        return count
    }
}
