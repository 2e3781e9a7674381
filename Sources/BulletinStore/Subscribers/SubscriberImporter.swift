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

    init(store: SQLiteSubscriberStore, options: ImportOptions, now: Date) throws {
        let database = store.database
        self.store = store
        self.options = options
        self.now = UnixTime.seconds(now)
        checksRemovals =
            try database.query("SELECT EXISTS (SELECT 1 FROM removed_addresses)") { $0.int64(0) }
            .first == 1
        bulk =
            try database.query("SELECT NOT EXISTS (SELECT 1 FROM subscribers)") { $0.int64(0) }
            .first == 1
        if bulk { try database.execute("DROP INDEX \(SQLiteSubscriberStore.emailIndexName)") }
        find = try database.prepare(
            "SELECT id, name, status, topics, attributes FROM subscribers WHERE email = ?1")
        findByID = try database.prepare(
            "SELECT id, name, status, topics, attributes, email FROM subscribers WHERE id = ?1")
        insert = try database.prepare(
            """
            INSERT INTO subscribers (email, name, status, topics, attributes, created_at, updated_at, confirmed_at,
                unsubscribed_at, source, link_key)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, random())
            """)
        update = try database.prepare(
            """
            UPDATE subscribers SET name = ?2, status = ?3, topics = ?4, attributes = ?5, updated_at = ?6,
                confirmed_at = CASE WHEN ?3 = 'active' AND status <> 'active' THEN ?7 ELSE confirmed_at END,
                unsubscribed_at = CASE WHEN ?3 = 'unsubscribed' AND status <> 'unsubscribed' THEN ?7
                    ELSE unsubscribed_at END
            WHERE id = ?1
            """)
        insertEvent = try database.prepare(SQLiteSubscriberStore.insertEventSQL)
        findRemoval = try database.prepare(SQLiteSubscriberStore.RemovalHashes.findSQL)
        deleteRemoval = try database.prepare(SQLiteSubscriberStore.RemovalHashes.deleteSQL)
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
        try store.database.execute(SQLiteSubscriberStore.createEmailIndex)
    }

    /// The line of an earlier row of this import with the same address, if there was one. Call once per row.
    public func earlierLine(for prepared: PreparedSubscriberRecord) -> Int? {
        let earlier = seen.exchangeLine(at: slot(for: prepared.addressKey), with: Int32(clamping: prepared.line))
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
        let slot = slot(for: prepared.addressKey)
        // The row's texts are bound and compared where they lie; every statement bound to them is reset before
        // this closure returns.
        return try prepared.withTexts { texts in
            if checksRemovals {
                let hashes = store.removalHashes(texts.email)
                try findRemoval.bind(hashes.values)
                defer { findRemoval.rewind() }
                // max() gives one row always: NULL when the address was never erased.
                if try findRemoval.step(), findRemoval.optionalInt64(0) != nil {
                    guard options.resubscribe else { return .skippedRemoved }
                    try deleteRemoval.bind(hashes.values)
                    defer { deleteRemoval.rewind() }
                    try deleteRemoval.step()
                }
            }
            guard let row = try bulk ? findInBulk(texts.email, row: seen.row(at: slot)) : find(texts.email) else {
                let rowID = try insertNew(prepared, texts)
                if bulk { seen.setRow(rowID, at: slot) } else { seen.setStatusBefore(nil, at: slot) }
                return .added
            }
            defer { row.reset() }
            let storedStatus = try row.value(2, as: SubscriberStatus.self)
            // The last row for an address wins: its status is judged against the status from before the import,
            // not one an earlier row of the same file set (nil: the import added the address).
            let before: SubscriberStatus?
            if bulk {
                before = nil
            } else if let earlier = seen.statusBefore(at: slot) {
                if case .stored(let status) = earlier { before = status } else { before = nil }
            } else {
                before = storedStatus
                seen.setStatusBefore(storedStatus, at: slot)
            }
            let fresh = options.pending ? SubscriberStatus.pending : .active
            var status = prepared.status ?? before ?? fresh
            if let before, before.isSuppressed, !status.isSuppressed || prepared.status == nil && options.resubscribe {
                guard options.resubscribe else { return .skippedSuppressed(before) }
                status = prepared.status ?? fresh
            }
            // The common case of a re-import, a row that changes nothing, is settled on the bytes.
            let sameAttributes = texts.attributes.count == 2 || row.text(4, equals: texts.attributes)
            if status == storedStatus, sameAttributes, texts.name.map({ row.text(1, equals: $0) }) ?? true,
                texts.topics.map({ row.text(3, equals: $0) }) ?? true
            {
                return .unchanged
            }
            let stored = try Self.stored(row)
            row.reset()
            return try update(stored, to: status, with: prepared)
        }
    }

    /// Applies a row to a stored subscriber that it may change.
    private func update(
        _ stored: Stored, to status: SubscriberStatus, with prepared: PreparedSubscriberRecord
    ) throws
        -> ImportOutcome
    {
        let name = prepared.name ?? stored.name
        let topics = prepared.encodedTopics ?? stored.topics
        var attributes = stored.attributes
        let given = prepared.encodedAttributes
        if given != "{}", given != stored.attributes {
            var merged = CompactJSON.decodeObject(stored.attributes) ?? [:]
            for (key, value) in CompactJSON.decodeObject(given) ?? [:] { merged[key] = value }
            attributes = CompactJSON.encode(merged)
        }
        guard
            name != stored.name || status != stored.status || topics != stored.topics
                || attributes != stored.attributes
        else { return .unchanged }

        try update.bind(stored.id, at: 1)
        try update.bind(name, at: 2)
        try update.bind(status.rawValue, at: 3)
        try update.bind(topics, at: 4)
        try update.bind(attributes, at: 5)
        // The change's own time when the row's tool recorded it (an unsubscribe in a Mailchimp export).
        let changedAt = prepared.statusChange?.at ?? now
        try update.bind(now, at: 6)
        try update.bind(changedAt, at: 7)
        try update.step()
        update.rewind()
        if status != stored.status {
            try recordEvent(
                id: stored.id, from: stored.status, to: status, at: changedAt,
                reason: prepared.statusChange?.reason ?? "imported")
        }
        return .updated
    }

    /// The stored subscriber with this address, through the address index: `find`, on its row, or nil.
    private func find(_ email: UnsafeBufferPointer<UInt8>) throws -> Statement? {
        try find.bind(borrowing: email, at: 1)
        return try Self.row(of: find)
    }

    /// The stored subscriber with this address during a bulk load, when the address index is gone: only an
    /// address this import stored before can exist, and ``seen`` says in which row (`row`: 0 for none, -1 for
    /// one whose id did not fit). A statement on the row, or nil.
    private func findInBulk(_ email: UnsafeBufferPointer<UInt8>, row rowID: Int64) throws -> Statement? {
        if rowID == 0 { return nil }
        if rowID < 0 { return try find(email) }
        try findByID.bind(rowID, at: 1)
        guard let row = try Self.row(of: findByID) else { return nil }
        if row.text(5, equals: email, ignoringCase: true) { return row }
        // Two addresses share a hash: rare enough that a scan of the table is the right price.
        row.reset()
        return try find(email)
    }

    /// Steps a lookup: the statement on its row, or nil with the statement reset. A failed step resets it too, so
    /// that no borrowed binding outlives the row's bytes.
    private static func row(of statement: Statement) throws -> Statement? {
        do {
            if try statement.step() { return statement }
        } catch {
            statement.reset()
            throw error
        }
        statement.reset()
        return nil
    }

    private static func stored(_ row: Statement) throws -> Stored {
        Stored(
            id: row.int64(0), name: try row.string(1), status: try row.value(2, as: SubscriberStatus.self),
            topics: try row.string(3), attributes: try row.string(4))
    }

    /// Inserts a new subscriber and returns its row id.
    private func insertNew(
        _ prepared: PreparedSubscriberRecord, _ texts: PreparedSubscriberRecord.Texts
    ) throws
        -> Int64
    {
        let status = prepared.status ?? (options.pending ? .pending : .active)
        let created = prepared.createdAt ?? now
        try insert.bind(borrowing: texts.email, at: 1)
        if let name = texts.name { try insert.bind(borrowing: name, at: 2) } else { try insert.bind("", at: 2) }
        try insert.bind(status.rawValue, at: 3)
        if let topics = texts.topics { try insert.bind(borrowing: topics, at: 4) } else { try insert.bind("[]", at: 4) }
        try insert.bind(borrowing: texts.attributes, at: 5)
        try insert.bind(created, at: 6)
        try insert.bind(now, at: 7)
        try insert.bind(prepared.confirmedAt ?? (status == .active ? created : nil), at: 8)
        try insert.bind(prepared.unsubscribedAt ?? (status == .unsubscribed ? now : nil), at: 9)
        if let source = texts.source {
            try insert.bind(borrowing: source, at: 10)
        } else {
            try insert.bind(options.source, at: 10)
        }
        // The borrowed bindings must not outlive this call, whether the step works or not.
        defer { insert.reset() }
        try insert.step()
        let rowID = store.database.lastInsertRowID
        // Another tool's export says how the person left (an unsubscribe, a bounce): the history keeps it, at
        // its own time, as a change from active (they were subscribed there before they left).
        if let change = prepared.statusChange {
            try recordEvent(id: rowID, from: .active, to: status, at: change.at ?? now, reason: change.reason)
        }
        return rowID
    }

    private func recordEvent(
        id: Int64, from: SubscriberStatus?, to: SubscriberStatus, at time: Int64, reason: String
    ) throws {
        try insertEvent.bind(id, at: 1)
        try insertEvent.bind(time, at: 2)
        try insertEvent.bind(from?.rawValue, at: 3)
        try insertEvent.bind(to.rawValue, at: 4)
        try insertEvent.bind(options.source, at: 5)
        try insertEvent.bind(reason, at: 6)
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
        // The status column's CHECK (status IN (…5 names…)) makes SQLite build a temporary table for the list on
        // every insert, about a fifth of a bulk load's time. The importer writes statuses only from
        // `SubscriberStatus`, so the check cannot fail here; it is back on for every other statement afterwards.
        try database.execute("PRAGMA ignore_check_constraints = ON")
        defer {
            try? database.execute("PRAGMA ignore_check_constraints = OFF")
            try? database.execute("PRAGMA cache_size = -2000")
        }
        return try database.transaction(commit: !options.dryRun) {
            let importer = try SubscriberImporter(store: self, options: options, now: now)
            let result = try body(importer)
            if !options.dryRun { try importer.finish() }
            return result
        }
    }
}
