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
    /// Whether to try the insert first and look up only on a conflict: right when the list started empty (a
    /// first import), where looking up first would search the index twice for every row.
    private let insertsFirst: Bool
    private var seenLines: [Int: Int] = [:]
    private let find: Statement
    private let insert: Statement
    private let update: Statement
    private let insertEvent: Statement
    private let findRemoval: Statement
    private let deleteRemoval: Statement

    init(store: SQLiteSubscriberStore, options: ImportOptions, now: Date) throws {
        let database = store.database
        self.store = store
        self.options = options
        self.now = SQLiteSubscriberStore.seconds(now)
        checksRemovals =
            try database.query("SELECT EXISTS (SELECT 1 FROM removed_addresses)") { $0.int64(0) }
            .first == 1
        insertsFirst =
            try database.query("SELECT NOT EXISTS (SELECT 1 FROM subscribers)") { $0.int64(0) }
            .first == 1
        find = try database.prepare(
            "SELECT id, name, status, topics, attributes FROM subscribers WHERE email = ?1")
        insert = try database.prepare(
            """
            INSERT INTO subscribers (email, name, status, topics, attributes, created_at, updated_at, confirmed_at,
                unsubscribed_at, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT (email) DO NOTHING
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

    /// The line of an earlier row of this import with the same address, if there was one. Call once per row.
    ///
    /// Addresses are remembered by a 64-bit hash of their lower-cased bytes (8 bytes each rather than the
    /// address): with a million rows the chance of two different addresses colliding is about 1 in 30 million,
    /// and a collision only adds a warning line.
    public func earlierLine(for record: SubscriberRecord) -> Int? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in record.email.value.utf8 {
            if byte >= 65 && byte <= 90 { byte += 32 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let key = Int(truncatingIfNeeded: hash)
        defer { seenLines[key] = record.line }
        return seenLines[key]
    }

    /// Applies one row.
    public func apply(_ record: SubscriberRecord) throws -> ImportOutcome {
        if checksRemovals {
            let hash = SQLiteSubscriberStore.removalHash(record.email)
            findRemoval.bind(blob: hash, at: 1)
            let removed = try findRemoval.step()
            findRemoval.reset()
            if removed {
                guard options.resubscribe else { return .skippedRemoved }
                deleteRemoval.bind(blob: hash, at: 1)
                try deleteRemoval.step()
                deleteRemoval.reset()
            }
        }

        if insertsFirst, try insertNew(record) { return .added }
        find.bind(record.email.value, at: 1)
        defer { find.reset() }
        guard try find.step() else {
            _ = try insertNew(record)
            return .added
        }
        let id = find.int64(0)
        let storedName = find.string(1)
        let storedStatus = SubscriberStatus(rawValue: find.string(2)) ?? .pending
        let storedTopics = find.string(3)
        let storedAttributes = find.string(4)
        find.reset()

        var status = record.status ?? storedStatus
        if storedStatus.isSuppressed, !status.isSuppressed || record.status == nil && options.resubscribe {
            guard options.resubscribe else { return .skippedSuppressed(storedStatus) }
            status = record.status ?? (options.pending ? .pending : .active)
        }
        let name = record.name ?? storedName
        let topics = record.topics.map(CompactJSON.encode) ?? storedTopics
        var attributes = storedAttributes
        if !record.attributes.isEmpty {
            let encoded = CompactJSON.encode(sorted: record.attributes)
            if encoded != storedAttributes {
                var merged = CompactJSON.decodeObject(storedAttributes) ?? [:]
                for attribute in record.attributes { merged[attribute.key] = attribute.value }
                attributes = CompactJSON.encode(merged)
            }
        }
        guard name != storedName || status != storedStatus || topics != storedTopics || attributes != storedAttributes
        else { return .unchanged }

        update.bind(id, at: 1)
        update.bind(name, at: 2)
        update.bind(status.rawValue, at: 3)
        update.bind(topics, at: 4)
        update.bind(attributes, at: 5)
        update.bind(now, at: 6)
        try update.step()
        update.reset()
        if status != storedStatus {
            try recordEvent(id: id, from: storedStatus, to: status, reason: "imported")
        }
        return .updated
    }

    /// Inserts a new subscriber.
    ///
    /// - Returns: false when the address is already stored (nothing was inserted).
    private func insertNew(_ record: SubscriberRecord) throws -> Bool {
        let status = record.status ?? (options.pending ? .pending : .active)
        let created = record.createdAt ?? now
        insert.bind(record.email.value, at: 1)
        insert.bind(record.name ?? "", at: 2)
        insert.bind(status.rawValue, at: 3)
        insert.bind(CompactJSON.encode(record.topics ?? []), at: 4)
        insert.bind(CompactJSON.encode(sorted: record.attributes), at: 5)
        insert.bind(created, at: 6)
        insert.bind(now, at: 7)
        insert.bind(record.confirmedAt ?? (status == .active ? created : nil), at: 8)
        insert.bind(record.unsubscribedAt ?? (status == .unsubscribed ? now : nil), at: 9)
        insert.bind(record.source ?? options.source, at: 10)
        try insert.step()
        insert.reset()
        return store.database.changes == 1
    }

    private func recordEvent(id: Int64, from: SubscriberStatus?, to: SubscriberStatus, reason: String) throws {
        insertEvent.bind(id, at: 1)
        insertEvent.bind(now, at: 2)
        insertEvent.bind(from?.rawValue, at: 3)
        insertEvent.bind(to.rawValue, at: 4)
        insertEvent.bind(options.source, at: 5)
        insertEvent.bind(reason, at: 6)
        try insertEvent.step()
        insertEvent.reset()
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
        // A big import touches the address index all over; a 64 MiB page cache (instead of SQLite's 2 MiB) keeps
        // it in memory. Peak memory stays far under the 200 MB budget.
        try database.execute("PRAGMA cache_size = -65536")
        defer { try? database.execute("PRAGMA cache_size = -2000") }
        return try database.transaction(commit: !options.dryRun) {
            try body(try SubscriberImporter(store: self, options: options, now: now))
        }
    }
}
