import BulletinCore
import Foundation

/// How an import treats the rows it reads.
public struct ImportOptions: Sendable, Equatable {
    /// New subscribers (and rows without a status) start `pending` instead of `active`.
    public var pending: Bool
    /// Rows may make unsubscribed, bounced, complained and removed addresses active again.
    public var resubscribe: Bool
    /// Work out what would change, then change nothing.
    public var dryRun: Bool
    /// Who is importing, for the history: `import:members.csv`.
    public var source: String

    /// Creates options.
    public init(pending: Bool = false, resubscribe: Bool = false, dryRun: Bool = false, source: String) {
        self.pending = pending
        self.resubscribe = resubscribe
        self.dryRun = dryRun
        self.source = source
    }
}

/// What an import did with one row.
public enum ImportOutcome: Sendable, Equatable {
    case added
    case updated
    case unchanged
    /// Left alone: the address was erased with `remove`.
    case skippedRemoved
    /// Left alone: the row would make an unsubscribed, bounced or complained subscriber active or pending.
    case skippedSuppressed(SubscriberStatus)
}

/// The counts an import reports.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    public var invalid = 0
    /// Rows whose address an earlier row of the same file had already given (the last row wins).
    public var duplicates = 0

    /// Creates an empty summary.
    public init() {}

    /// Counts one outcome.
    public mutating func count(_ outcome: ImportOutcome) {
        switch outcome {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .skippedRemoved, .skippedSuppressed: skipped += 1
        }
    }
}

/// Applies import rows to the store, one at a time, inside the import's single transaction.
///
/// Rules: a new address is added with the row's status (default `active`, or `pending` with `--pending`). An
/// existing address gets the row's non-blank name, topics and attributes (attributes are merged), and the row's
/// status, except that an unsubscribed, bounced or complained subscriber is never made active or pending, and an
/// erased address never comes back, unless `resubscribe` is set. Timestamps and source from the row are used for
/// new addresses only.
public final class SubscriberImporter {
    private let store: SQLiteSubscriberStore
    private let options: ImportOptions
    private let now: Int64
    private let checksRemovals: Bool
    /// Whether this is a bulk load: the list was empty when the import began. The address index is then dropped
    /// for the import and built again at the end, sorted, which is several times cheaper than a million inserts
    /// in random order; repeated addresses are found through ``seen`` instead of the index.
    private let bulk: Bool
    /// Per address of this import (by a 64-bit hash of its lower-cased bytes): the last line it was on, and in a
    /// bulk load the row it was stored in.
    private var seen = ImportedAddresses()
    /// The address hash ``earlierLine(for:)`` last looked up and where it found it, so that ``apply(_:)`` of the
    /// same row does not look it up again.
    private var lastKey: Int?
    private var lastSlot: ImportedAddresses.Slot = 0
    private let find: Statement
    private let findByID: Statement
    private let insert: Statement
    private let update: Statement
    private let insertEvent: Statement
    private let findRemoval: Statement
    private let deleteRemoval: Statement

    /// A stored subscriber's fields that an import compares and updates.
    private struct Stored {
        var id: Int64
        var name: String
        var status: SubscriberStatus
        var topics: String
        var attributes: String
    }

    static let emailIndexName = "subscribers_by_email"
    static let createEmailIndex = "CREATE UNIQUE INDEX \(emailIndexName) ON subscribers (email)"

    init(store: SQLiteSubscriberStore, options: ImportOptions, now: Date) throws {
        let database = store.database
        self.store = store
        self.options = options
        self.now = SQLiteSubscriberStore.seconds(now)
        checksRemovals =
            try database.query("SELECT EXISTS (SELECT 1 FROM removed_addresses)") { $0.int64(0) }
            .first == 1
        bulk =
            try database.query("SELECT NOT EXISTS (SELECT 1 FROM subscribers)") { $0.int64(0) }
            .first == 1
        if bulk { try database.execute("DROP INDEX \(Self.emailIndexName)") }
        find = try database.prepare(
            "SELECT id, name, status, topics, attributes FROM subscribers WHERE email = ?1")
        findByID = try database.prepare(
            "SELECT id, name, status, topics, attributes, email FROM subscribers WHERE id = ?1")
        insert = try database.prepare(
            """
            INSERT INTO subscribers (email, name, status, topics, attributes, created_at, updated_at, confirmed_at,
                unsubscribed_at, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        update = try database.prepare(
            """
            UPDATE subscribers SET name = ?2, status = ?3, topics = ?4, attributes = ?5, updated_at = ?6,
                confirmed_at = CASE WHEN ?3 = 'active' AND status <> 'active' THEN ?6 ELSE confirmed_at END,
                unsubscribed_at = CASE WHEN ?3 = 'unsubscribed' AND status <> 'unsubscribed' THEN ?6
                    ELSE unsubscribed_at END
            WHERE id = ?1
            """)
        insertEvent = try database.prepare(
            """
            INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        findRemoval = try database.prepare("SELECT 1 FROM removed_addresses WHERE email_hash = ?1")
        deleteRemoval = try database.prepare("DELETE FROM removed_addresses WHERE email_hash = ?1")
    }

    /// Finishes the import: a bulk load builds the address index again (which also proves that no address was
    /// stored twice).
    func finish() throws {
        guard bulk else { return }
        // The sorter that builds the index keeps its runs in memory up to the page cache's size: 64 MiB holds a
        // million addresses without a temporary file (the 1,000,000-row benchmark: 8.1–9.4 s before, 5.8–8.8 s
        // after). The address table is not needed any more; freeing it first keeps the peak under 200 MB.
        // `importSubscribers` puts the cache back afterwards.
        seen = ImportedAddresses()
        try store.database.execute("PRAGMA cache_size = -65536")
        try store.database.execute(Self.createEmailIndex)
    }

    /// The line of an earlier row of this import with the same address, if there was one. Call once per row.
    public func earlierLine(for prepared: PreparedSubscriberRecord) -> Int? {
        let earlier = seen.exchangeLine(at: slot(for: prepared.addressKey), with: Int32(clamping: prepared.record.line))
        return earlier > 0 ? Int(earlier) : nil
    }

    /// The entry of ``seen`` for an address hash, made when there is none.
    private func slot(for key: Int) -> ImportedAddresses.Slot {
        if key == lastKey { return lastSlot }
        lastSlot = seen.slot(for: key)
        lastKey = key
        return lastSlot
    }

    /// Applies one row.
    public func apply(_ record: SubscriberRecord) throws -> ImportOutcome {
        try apply(PreparedSubscriberRecord(record))
    }

    /// Applies one row whose stored forms are already computed.
    public func apply(_ prepared: PreparedSubscriberRecord) throws -> ImportOutcome {
        if checksRemovals {
            let hash = SQLiteSubscriberStore.removalHash(prepared.record.email)
            findRemoval.bind(blob: hash, at: 1)
            let removed = try findRemoval.step()
            findRemoval.rewind()
            if removed {
                guard options.resubscribe else { return .skippedRemoved }
                deleteRemoval.bind(blob: hash, at: 1)
                try deleteRemoval.step()
                deleteRemoval.rewind()
            }
        }

        let slot = bulk ? slot(for: prepared.addressKey) : 0
        guard
            let stored = try bulk
                ? lookUpInBulk(prepared.record.email, row: seen.row(at: slot)) : lookUp(prepared.record.email)
        else {
            let rowID = try insertNew(prepared)
            if bulk { seen.setRow(rowID, at: slot) }
            return .added
        }

        var status = prepared.record.status ?? stored.status
        if stored.status.isSuppressed, !status.isSuppressed || prepared.record.status == nil && options.resubscribe {
            guard options.resubscribe else { return .skippedSuppressed(stored.status) }
            status = prepared.record.status ?? (options.pending ? .pending : .active)
        }
        let name = prepared.record.name ?? stored.name
        let topics = prepared.encodedTopics ?? stored.topics
        var attributes = stored.attributes
        if !prepared.record.attributes.isEmpty {
            if prepared.encodedAttributes != stored.attributes {
                var merged = CompactJSON.decodeObject(stored.attributes) ?? [:]
                for attribute in prepared.record.attributes { merged[attribute.key] = attribute.value }
                attributes = CompactJSON.encode(merged)
            }
        }
        guard
            name != stored.name || status != stored.status || topics != stored.topics
                || attributes != stored.attributes
        else { return .unchanged }

        update.bind(stored.id, at: 1)
        update.bind(name, at: 2)
        update.bind(status.rawValue, at: 3)
        update.bind(topics, at: 4)
        update.bind(attributes, at: 5)
        update.bind(now, at: 6)
        try update.step()
        update.rewind()
        if status != stored.status {
            try recordEvent(id: stored.id, from: stored.status, to: status, reason: "imported")
        }
        return .updated
    }

    /// The stored subscriber with this address, through the address index.
    private func lookUp(_ email: EmailAddress) throws -> Stored? {
        find.bind(email.value, at: 1)
        defer { find.rewind() }
        return try find.step() ? Self.stored(find) : nil
    }

    /// The stored subscriber with this address during a bulk load, when the address index is gone: only an
    /// address this import stored before can exist, and ``seen`` says in which row (`row`: 0 for none, -1 for
    /// one whose id did not fit).
    private func lookUpInBulk(_ email: EmailAddress, row rowID: Int64) throws -> Stored? {
        if rowID == 0 { return nil }
        if rowID < 0 { return try lookUp(email) }
        findByID.bind(rowID, at: 1)
        defer { findByID.rewind() }
        guard try findByID.step() else { return nil }
        if findByID.string(5).lowercased() == email.uniqueKey { return Self.stored(findByID) }
        // Two addresses share a hash: rare enough that a scan of the table is the right price.
        return try lookUp(email)
    }

    private static func stored(_ row: Statement) -> Stored {
        Stored(
            id: row.int64(0), name: row.string(1), status: SubscriberStatus(rawValue: row.string(2)) ?? .pending,
            topics: row.string(3), attributes: row.string(4))
    }

    /// Inserts a new subscriber and returns its row id.
    private func insertNew(_ prepared: PreparedSubscriberRecord) throws -> Int64 {
        // Fields are read from `prepared` in place: a copy of the record would retain and release each of them.
        let status = prepared.record.status ?? (options.pending ? .pending : .active)
        let created = prepared.record.createdAt ?? now
        insert.bind(prepared.record.email.value, at: 1)
        insert.bind(prepared.record.name ?? "", at: 2)
        insert.bind(status.rawValue, at: 3)
        insert.bind(prepared.encodedTopics ?? "[]", at: 4)
        insert.bind(prepared.encodedAttributes, at: 5)
        insert.bind(created, at: 6)
        insert.bind(now, at: 7)
        insert.bind(prepared.record.confirmedAt ?? (status == .active ? created : nil), at: 8)
        insert.bind(prepared.record.unsubscribedAt ?? (status == .unsubscribed ? now : nil), at: 9)
        insert.bind(prepared.record.source ?? options.source, at: 10)
        try insert.step()
        insert.rewind()
        return store.database.lastInsertRowID
    }

    private func recordEvent(id: Int64, from: SubscriberStatus?, to: SubscriberStatus, reason: String) throws {
        insertEvent.bind(id, at: 1)
        insertEvent.bind(now, at: 2)
        insertEvent.bind(from?.rawValue, at: 3)
        insertEvent.bind(to.rawValue, at: 4)
        insertEvent.bind(options.source, at: 5)
        insertEvent.bind(reason, at: 6)
        try insertEvent.step()
        insertEvent.rewind()
    }
}

extension SQLiteSubscriberStore {
    /// Runs an import in one transaction: `body` reads rows and hands each to the importer. When `body` throws,
    /// or for a dry run, nothing is written.
    public func importSubscribers<T>(
        options: ImportOptions, at now: Date, _ body: (SubscriberImporter) throws -> T
    )
        throws -> T
    {
        // A big import touches the address index all over; a 32 MiB page cache (instead of SQLite's 2 MiB) keeps
        // it in memory. Peak memory stays far under the 200 MB budget.
        try database.execute("PRAGMA cache_size = -32768")
        defer { try? database.execute("PRAGMA cache_size = -2000") }
        return try database.transaction(commit: !options.dryRun) {
            let importer = try SubscriberImporter(store: self, options: options, now: now)
            let result = try body(importer)
            if !options.dryRun { try importer.finish() }
            return result
        }
    }
}
