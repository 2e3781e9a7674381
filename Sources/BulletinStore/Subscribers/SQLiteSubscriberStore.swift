import BulletinCore
import Crypto
import Foundation

/// Subscribers, their history and the erased-address list, in the SQLite database.
public final class SQLiteSubscriberStore {
    /// The connection.
    public let database: Database
    /// The link signer, whose secret keys the hash kept for an erased address; nil keeps the older unkeyed hash.
    public let links: LinkSigner?

    /// Uses an open database.
    ///
    /// - Parameter links: the newsletter's link signer (from `[links] secret_file`); when given, an erased
    ///   address is kept as an HMAC under its secret, which nobody without the secret can test a guess against.
    public init(database: Database, links: LinkSigner? = nil) {
        self.database = database
        self.links = links
    }

    static let columns =
        "id, email, name, status, topics, attributes, created_at, updated_at, confirmed_at, unsubscribed_at, source, "
        + "link_key, unkeyed_links"

    /// The subscriber in the row's ``columns``, which start at column `offset`.
    static func subscriber(from row: Statement, offset: Int32 = 0) throws -> Subscriber {
        Subscriber(
            id: row.int64(offset), address: try EmailAddress(stored: try row.string(offset + 1)),
            name: try row.string(offset + 2),
            status: try row.value(offset + 3, as: SubscriberStatus.self),
            topics: CompactJSON.decodeList(try row.string(offset + 4)) ?? [],
            attributes: CompactJSON.decodeObject(try row.string(offset + 5)) ?? [:],
            createdAt: UnixTime.date(row.int64(offset + 6)), updatedAt: UnixTime.date(row.int64(offset + 7)),
            confirmedAt: row.optionalInt64(offset + 8).map(UnixTime.date),
            unsubscribedAt: row.optionalInt64(offset + 9).map(UnixTime.date),
            source: try row.string(offset + 10), linkKey: row.int64(offset + 11),
            acceptsUnkeyedLinks: row.int64(offset + 12) != 0)
    }

    /// The label that keeps the keyed removal hash apart from every other use of the link secret.
    static let removalHashLabel = "bulletin removed address"

    /// The two hashes an erased address may be kept under.
    struct RemovalHashes: Equatable {
        /// What is written now: HMAC-SHA256 of the lower-cased address under the link secret (the unkeyed hash
        /// when the store has no secret).
        let current: [UInt8]
        /// The unsalted SHA-256 that older versions kept, which still blocks re-adding.
        let unkeyed: [UInt8]

        /// Both, as the values of the statements below (`email_hash IN (?1, ?2)`).
        var values: [SQLValue] { [.blob(current), .blob(unkeyed)] }

        /// Whether the address is kept under either hash.
        static let findSQL = "SELECT max(removed_at) FROM removed_addresses WHERE email_hash IN (?1, ?2)"
        /// Forgets the address under either hash.
        static let deleteSQL = "DELETE FROM removed_addresses WHERE email_hash IN (?1, ?2)"
    }

    /// Whether any erased address is kept (under a hash that may be keyed with the link secret).
    public func keepsErasedAddresses() throws -> Bool {
        try database.query("SELECT EXISTS (SELECT 1 FROM removed_addresses)") { $0.int64(0) }.first == 1
    }

    /// The hashes of an erased address.
    func removalHashes(_ email: EmailAddress) -> RemovalHashes {
        var value = email.value
        return value.withUTF8(removalHashes)
    }

    /// ``removalHashes(_:)-(EmailAddress)`` of a normalized address given as bytes: ASCII, as every normalized
    /// address is, so lower-casing its ASCII letters is its ``EmailAddress/uniqueKey``.
    func removalHashes(_ email: UnsafeBufferPointer<UInt8>) -> RemovalHashes {
        let lowered = email.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        var hash = SHA256()
        hash.update(data: lowered)
        let unkeyed = Array(hash.finalize())
        return RemovalHashes(
            current: links.map { $0.keyedHash(Self.removalHashLabel, lowered) } ?? unkeyed, unkeyed: unkeyed)
    }

    /// The subscriber with this address (any case), if any.
    public func subscriber(email: EmailAddress) throws -> Subscriber? {
        try database.query(
            "SELECT \(Self.columns) FROM subscribers WHERE email = ?1", [.text(email.value)],
            row: { try Self.subscriber(from: $0) }
        ).first
    }

    /// A subscriber's history, oldest first: how they came (from the subscriber row: when, from where, with
    /// which status), then every status change since.
    ///
    /// Creation is not stored as an event row of its own, which keeps a million-row import to one insert per
    /// row; it is rebuilt here from the row and the first change.
    public func history(of subscriber: Subscriber) throws -> [SubscriberEvent] {
        let changes = try events(subscriberID: subscriber.id)
        let created = SubscriberEvent(
            at: subscriber.createdAt, fromStatus: nil, toStatus: changes.first?.fromStatus ?? subscriber.status,
            source: subscriber.source, reason: "created")
        return [created] + changes
    }

    /// A subscriber's status changes, oldest first (not counting their creation; see ``history(of:)``).
    public func events(subscriberID: Int64) throws -> [SubscriberEvent] {
        try database.query(
            "SELECT at, from_status, to_status, source, reason FROM subscriber_events "
                + "WHERE subscriber_id = ?1 ORDER BY at, id",
            [.integer(subscriberID)]
        ) { row in
            SubscriberEvent(
                at: UnixTime.date(row.int64(0)),
                fromStatus: row.optionalString(1) == nil ? nil : try row.value(1, as: SubscriberStatus.self),
                toStatus: try row.value(2, as: SubscriberStatus.self), source: try row.string(3),
                reason: try row.string(4))
        }
    }

    /// When the address was erased with ``remove(email:source:at:)``, if it was.
    public func removalDate(of email: EmailAddress) throws -> Date? {
        try database.query(RemovalHashes.findSQL, removalHashes(email).values) {
            $0.optionalInt64(0).map(UnixTime.date)
        }.first ?? nil
    }

    /// Adds a subscriber.
    ///
    /// - Parameter force: add an address that was erased with `remove` before.
    /// - Throws: ``SubscriberStoreError/alreadySubscribed(_:_:)``, ``SubscriberStoreError/wasRemoved(_:_:)``.
    @discardableResult
    public func add(
        email: EmailAddress, name: String, topics: [String], attributes: [String: String], status: SubscriberStatus,
        source: String, at now: Date, force: Bool = false
    ) throws -> Subscriber {
        try database.transaction {
            if let existing = try subscriber(email: email) {
                throw SubscriberStoreError.alreadySubscribed(existing.email, existing.status)
            }
            if let removed = try removalDate(of: email) {
                guard force else { throw SubscriberStoreError.wasRemoved(email.value, removed) }
                try database.run(RemovalHashes.deleteSQL, removalHashes(email).values)
            }
            let time = UnixTime.seconds(now)
            try database.run(
                """
                INSERT INTO subscribers (email, name, status, topics, attributes, created_at, updated_at,
                    confirmed_at, unsubscribed_at, source, link_key)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, random())
                """,
                [
                    .text(email.value), .text(SubscriberFields.cleanName(name)), .text(status.rawValue),
                    .text(CompactJSON.encode(topics)),
                    .text(CompactJSON.encode(attributes.filter { !$0.value.isEmpty })),
                    .integer(time), status == .active ? .integer(time) : .null,
                    status == .unsubscribed ? .integer(time) : .null, .text(source),
                ])
            let id = database.lastInsertRowID
            return try subscriber(email: email)
                ?? Subscriber(
                    id: id, address: email, name: name, status: status, topics: topics, attributes: attributes,
                    createdAt: now, updatedAt: now, confirmedAt: nil, unsubscribedAt: nil, source: source)
        }
    }

    /// What ``changeStatus(email:to:source:reason:at:force:)`` did.
    public enum StatusChange: Sendable, Equatable {
        /// The status changed from the one given.
        case changed(from: SubscriberStatus)
        /// The subscriber already had that status.
        case unchanged
    }

    /// Moves a subscriber to a new status and records it in their history.
    ///
    /// - Parameter force: allow making someone `active` or `pending` who unsubscribed, bounced or complained.
    /// - Throws: ``SubscriberStoreError/notFound(_:)``, ``SubscriberStoreError/suppressed(_:_:)``.
    @discardableResult
    public func changeStatus(
        email: EmailAddress, to status: SubscriberStatus, source: String, reason: String, at now: Date,
        force: Bool = false
    ) throws -> StatusChange {
        try database.transaction {
            guard let existing = try subscriber(email: email) else {
                throw SubscriberStoreError.notFound(email.value)
            }
            guard existing.status != status else { return .unchanged }
            if existing.status.isSuppressed, !status.isSuppressed, !force {
                throw SubscriberStoreError.suppressed(existing.email, existing.status)
            }
            try setStatus(
                id: existing.id, from: existing.status, to: status, source: source, reason: reason,
                at: UnixTime.seconds(now))
            return .changed(from: existing.status)
        }
    }

    /// Erases a subscriber and their history, keeping only a one-way hash of the address (keyed with the link
    /// secret when the store has it) so that a later import does not bring them back.
    ///
    /// The rows are overwritten on disk (`secure_delete`), and the write-ahead log, which holds older page images
    /// with the address, is checkpointed into the database and truncated.
    ///
    /// - Returns: the erased subscriber's id, and whether the log was emptied (false when another connection's
    ///   reader kept it busy; the next checkpoint empties it).
    /// - Throws: ``SubscriberStoreError/notFound(_:)``.
    @discardableResult
    public func remove(email: EmailAddress, source: String, at now: Date) throws -> (id: Int64, logEmptied: Bool) {
        let id = try database.transaction {
            guard let existing = try subscriber(email: email) else {
                throw SubscriberStoreError.notFound(email.value)
            }
            try database.run("DELETE FROM subscribers WHERE id = ?1", [.integer(existing.id)])
            let hashes = removalHashes(email)
            try database.run(RemovalHashes.deleteSQL, hashes.values)
            try database.run(
                "INSERT INTO removed_addresses (email_hash, removed_at, source) VALUES (?1, ?2, ?3)",
                [.blob(hashes.current), .integer(UnixTime.seconds(now)), .text(source)])
            return existing.id
        }
        return (id, try database.checkpointAndTruncateLog())
    }

    /// The address index: unique regardless of case (the column's collation). A separate index, not a UNIQUE
    /// constraint, so that a bulk import can drop it and build it again sorted.
    static let emailIndexName = "subscribers_by_email"
    /// Creates ``emailIndexName``: the first migration and a bulk import's end.
    static let createEmailIndex = "CREATE UNIQUE INDEX \(emailIndexName) ON subscribers (email)"

    /// Adds a status change (or a note with the status kept) to a subscriber's history: the only statement that
    /// writes `subscriber_events`, also prepared once by an import.
    static let insertEventSQL = """
        INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """

    /// Moves subscriber ?1 from status ?2 to status ?3 at time ?4: the only statement that changes a status outside
    /// an import's row update. A person's change (?5 = 1) also clears the confirmation pacing and stamps when they
    /// became active or left; a send's (a bounce, a restored bounce) changes the status alone.
    private static let setStatusSQL = """
        UPDATE subscribers SET status = ?3, updated_at = ?4,
            confirmation_sent_at = CASE WHEN ?5 THEN NULL ELSE confirmation_sent_at END,
            confirmed_at = CASE WHEN ?5 AND ?3 = 'active' THEN ?4 ELSE confirmed_at END,
            unsubscribed_at = CASE WHEN ?5 AND ?3 = 'unsubscribed' THEN ?4 ELSE unsubscribed_at END
        WHERE id = ?1 AND status = ?2
        """

    /// Moves subscriber `id` from `from` to `to` and records it in their history, in the caller's transaction: for
    /// status commands, the web, and `send` (a bounce, a restored bounce).
    ///
    /// - Parameter stampsDates: clear the confirmation pacing and stamp `confirmed_at` or `unsubscribed_at`, as a
    ///   person's change does; false for a send's, which changes the status alone.
    /// - Returns: false, changing nothing, when the subscriber is gone or their status is no longer `from`.
    @discardableResult
    func setStatus(
        id: Int64, from: SubscriberStatus, to: SubscriberStatus, source: String, reason: String, at time: Int64,
        stampsDates: Bool = true
    ) throws -> Bool {
        try database.run(
            Self.setStatusSQL,
            [.integer(id), .text(from.rawValue), .text(to.rawValue), .integer(time), .integer(stampsDates ? 1 : 0)])
        guard database.changes > 0 else { return false }
        try recordEvent(subscriberID: id, at: time, from: from, to: to, source: source, reason: reason)
        return true
    }

    /// Adds an entry to a subscriber's history (``insertEventSQL``).
    func recordEvent(
        subscriberID: Int64, at time: Int64, from: SubscriberStatus?, to: SubscriberStatus, source: String,
        reason: String
    ) throws {
        try database.run(
            Self.insertEventSQL,
            [
                .integer(subscriberID), .integer(time), from.map { .text($0.rawValue) } ?? .null, .text(to.rawValue),
                .text(source), .text(reason),
            ])
    }
}
