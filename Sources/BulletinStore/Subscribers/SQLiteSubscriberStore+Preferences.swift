import BulletinCore
import Foundation

extension SQLiteSubscriberStore {
    /// Changes a subscriber's name and topics, and records the change in their history.
    ///
    /// The history holds status changes; a preferences change is kept there as an event whose status stays the
    /// same, with a reason that names what changed (like `preferences: name, topics`).
    ///
    /// - Returns: false when nothing changed (and nothing was recorded).
    /// - Throws: ``SubscriberStoreError/notFound(_:)`` when there is no subscriber with this identifier.
    @discardableResult
    public func updatePreferences(
        id: Int64, name: String, topics: [String], source: String, at now: Date
    ) throws -> Bool {
        try database.transaction {
            guard let existing = try subscriber(id: id) else { throw SubscriberStoreError.notFound("#\(id)") }
            let cleanName = SubscriberFields.cleanName(name)
            var changed: [String] = []
            if cleanName != existing.name { changed.append("name") }
            if topics != existing.topics { changed.append("topics") }
            guard !changed.isEmpty else { return false }
            let time = UnixTime.seconds(now)
            try database.run(
                "UPDATE subscribers SET name = ?2, topics = ?3, updated_at = ?4 WHERE id = ?1",
                [.integer(id), .text(cleanName), .text(CompactJSON.encode(topics)), .integer(time)])
            try recordEvent(
                subscriberID: id, at: time, from: existing.status, to: existing.status, source: source,
                reason: "preferences: " + changed.joined(separator: ", "))
            return true
        }
    }

    /// Takes one topic off a subscriber, and records it in their history (`topic removed: NAME`, the status
    /// unchanged). Their other topics and their status stay as they are.
    ///
    /// - Returns: false when they did not have the topic (and nothing was recorded).
    /// - Throws: ``SubscriberStoreError/notFound(_:)`` when there is no subscriber with this identifier.
    @discardableResult
    public func removeTopic(id: Int64, topic: String, source: String, at now: Date) throws -> Bool {
        try database.transaction {
            guard let existing = try subscriber(id: id) else { throw SubscriberStoreError.notFound("#\(id)") }
            guard existing.topics.contains(topic) else { return false }
            let time = UnixTime.seconds(now)
            try database.run(
                "UPDATE subscribers SET topics = ?2, updated_at = ?3 WHERE id = ?1",
                [.integer(id), .text(CompactJSON.encode(existing.topics.filter { $0 != topic })), .integer(time)])
            try recordEvent(
                subscriberID: id, at: time, from: existing.status, to: existing.status, source: source,
                reason: "topic removed: \(topic)")
            return true
        }
    }

    /// When the subscriber last changed status: their latest status-changing event, else their creation.
    public func lastStatusChange(of subscriber: Subscriber) throws -> Date {
        let latest =
            try database.query(
                "SELECT max(at) FROM subscriber_events WHERE subscriber_id = ?1 "
                    + "AND (from_status IS NULL OR from_status != to_status)",
                [.integer(subscriber.id)]
            ) { $0.optionalInt64(0) }.first ?? nil
        return latest.map(UnixTime.date) ?? subscriber.createdAt
    }
}
