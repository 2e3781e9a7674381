import BulletinCore
import Crypto
import Foundation
import Testing

@testable import BulletinStore

/// Issue 14 in the store: links bound to one person for good (also across the migration that added link keys),
/// erasure that leaves no copies, a keyed removal hash, and private database files.
@Suite struct ErasureAndLinkBindingTests {
    static let links: LinkSigner = {
        do { return try LinkSigner(secret: Array(repeating: 11, count: 32)) } catch { preconditionFailure("\(error)") }
    }()

    static func add(
        _ store: SQLiteSubscriberStore, _ email: String, status: SubscriberStatus = .active
    ) throws
        -> Subscriber
    {
        try store.add(
            email: EmailAddress(email), name: email, topics: [], attributes: [:], status: status, source: "cli",
            at: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func aLinkOfAnErasedSubscriberNeverNamesTheNextOneGivenTheSameID() throws {
        let fixture = try StoreFixture()
        let store = SQLiteSubscriberStore(database: fixture.store.database, links: Self.links)
        _ = try Self.add(store, "first@example.org")
        let old = try Self.add(store, "old@example.org")
        let preferences = Self.links.token(.preferences, for: old, issue: "2026-48")
        let confirm = Self.links.token(.confirm, for: old, issue: "subscribe-1795000000")
        try store.remove(email: EmailAddress("old@example.org"), source: "cli", at: fixture.now)
        let newcomer = try Self.add(store, "new@example.org", status: .pending)
        #expect(newcomer.id == old.id)  // SQLite gives the highest id again
        #expect(newcomer.linkKey != old.linkKey)
        for (token, purpose) in [(preferences, LinkPurpose.preferences), (confirm, .confirm)] {
            #expect(throws: LinkTokenError.unknownSubscriber(old.id)) {
                try store.subscriber(forToken: token, purpose: purpose, links: Self.links)
            }
        }
        let own = Self.links.token(.preferences, for: newcomer, issue: "")
        #expect(try store.subscriber(forToken: own, purpose: .preferences, links: Self.links).subscriber == newcomer)
    }

    @Test func linksMailedBeforeTheMigrationKeepWorkingButNotForSomeoneAddedAfterIt() throws {
        let fixture = try StoreFixture(migrations: Array(Schema.migrations.prefix(4)))
        let database = fixture.store.database
        for (id, email) in [(1, "ada@example.org"), (2, "bob@example.org")] {
            try database.run(
                "INSERT INTO subscribers (id, email, name, status, created_at, updated_at) "
                    + "VALUES (?1, ?2, '', 'active', 0, 0)", [.integer(Int64(id)), .text(email)])
        }
        let migrated = SQLiteSubscriberStore(
            database: try Database(path: fixture.path, mode: .existing), links: Self.links)
        // Version 1 tokens, as main mailed them.
        let adaOld = Self.links.token(LinkToken(purpose: .unsubscribe, subscriberID: 1, key: nil, issue: "2026-47"))
        let bobOld = Self.links.token(LinkToken(purpose: .preferences, subscriberID: 2, key: nil, issue: "2026-47"))
        #expect(
            try migrated.subscriber(forToken: adaOld, purpose: .unsubscribe, links: Self.links).subscriber.email
                == "ada@example.org")
        let bob = try #require(try migrated.subscriber(email: EmailAddress("bob@example.org")))
        #expect(bob.acceptsUnkeyedLinks && bob.linkKey != 0)
        // Keyed links work for them too.
        let bobNew = Self.links.token(.preferences, for: bob, issue: "")
        #expect(try migrated.subscriber(forToken: bobNew, purpose: .preferences, links: Self.links).subscriber == bob)
        // Bob is erased and his id is given again: his old link, and his new one, name nobody.
        try migrated.remove(email: EmailAddress("bob@example.org"), source: "cli", at: fixture.now)
        let carol = try Self.add(migrated, "carol@example.org")
        #expect(carol.id == 2 && !carol.acceptsUnkeyedLinks)
        for token in [bobOld, bobNew] {
            #expect(throws: LinkTokenError.unknownSubscriber(2)) {
                try migrated.subscriber(forToken: token, purpose: .preferences, links: Self.links)
            }
        }
    }

    @Test func everyConnectionAsksForSecureDelete() throws {
        let fixture = try StoreFixture()
        let second = try Database(path: fixture.path, mode: .existing)
        #expect(try fixture.store.database.query("PRAGMA secure_delete") { $0.int64(0) } == [1])
        #expect(try second.query("PRAGMA secure_delete") { $0.int64(0) } == [1])
    }

    /// The bytes of the database, its -wal and its -shm.
    static func files(_ path: String) -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { data, suffix in
            data += FileManager.default.contents(atPath: path + suffix) ?? Data()
        }
    }

    @Test func removeLeavesNoCopyOfTheAddressWhileAnotherConnectionHoldsTheDatabaseOpen() throws {
        let fixture = try StoreFixture()
        let store = SQLiteSubscriberStore(database: fixture.store.database, links: Self.links)
        // `serve` holds its own connection and has read from the database.
        let serve = SQLiteSubscriberStore(database: try Database(path: fixture.path, mode: .existing))
        for index in 0..<200 { _ = try Self.add(store, "reader\(index)@example.net") }
        let victim = "zeta.erasable@example.org"
        let added = try Self.add(store, victim)
        for round in 0..<30 {
            try store.updatePreferences(
                id: added.id, name: "Zeta \(round)", topics: ["t\(round)"], source: "web", at: fixture.now)
        }
        #expect(try serve.subscriber(id: added.id)?.email == victim)
        #expect(Self.files(fixture.path).range(of: Data(victim.utf8)) != nil)

        let removed = try store.remove(email: EmailAddress(victim), source: "cli", at: fixture.now)
        #expect(removed.logEmptied)
        #expect(Self.files(fixture.path).range(of: Data(victim.utf8)) == nil)
        #expect(Self.files(fixture.path).range(of: Data("zeta.erasable".utf8)) == nil)
        #expect(try serve.subscriber(id: added.id) == nil)
    }

    @Test func theKeptHashIsKeyedAndOldUnkeyedHashesStillBlockReAdding() throws {
        let fixture = try StoreFixture()
        let store = SQLiteSubscriberStore(database: fixture.store.database, links: Self.links)
        _ = try Self.add(store, "gone@example.org")
        try store.remove(email: EmailAddress("gone@example.org"), source: "cli", at: fixture.now)
        let kept = try store.database.query("SELECT hex(email_hash) FROM removed_addresses") { try $0.string(0) }
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02X", $0) }.joined() }
        let unkeyed = hex(Array(SHA256.hash(data: Data("gone@example.org".utf8))))
        #expect(kept.count == 1 && kept[0] != unkeyed)
        var keyed = HMAC<SHA256>(key: SymmetricKey(data: Array(repeating: UInt8(11), count: 32)))
        keyed.update(data: Array("bulletin removed address".utf8) + [0] + Array("gone@example.org".utf8))
        #expect(kept[0] == hex(Array(keyed.finalize())))
        #expect(throws: SubscriberStoreError.self) { try Self.add(store, "Gone@Example.org") }

        // A hash an older Bulletin kept: plain SHA-256.
        try store.database.run(
            "INSERT INTO removed_addresses (email_hash, removed_at, source) VALUES (?1, 1, 'cli')",
            [.blob(Array(SHA256.hash(data: Data("old@example.org".utf8))))])
        #expect(try store.removalDate(of: EmailAddress("old@example.org")) != nil)
        #expect(throws: SubscriberStoreError.self) { try Self.add(store, "old@example.org") }
        #expect(try fixture.importCSV("email\nold@example.org\n").0.skipped == 1)
        let viaKeyedImporter = try store.importSubscribers(
            options: ImportOptions(source: "import:x.csv"), at: fixture.now
        ) { importer in
            try importer.apply(SubscriberRecord(email: EmailAddress("old@example.org"), line: 2))
        }
        #expect(viaKeyedImporter == .skippedRemoved)
        #expect(try store.subscriber(email: EmailAddress("old@example.org")) == nil)
    }

    @Test func aNewDatabaseAndItsLogAreOwnerOnlyWhateverTheUmask() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-mode-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bulletin.sqlite").path
        let database = try Database(path: path, mode: .create)
        try database.run("INSERT INTO removed_addresses (email_hash, removed_at, source) VALUES (x'00', 1, 'x')")
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
        let grouped = folder.appendingPathComponent("grouped.sqlite").path
        _ = try Database(path: grouped, mode: .create, fileMode: 0o640)
        #expect((try FileManager.default.attributesOfItem(atPath: grouped)[.posixPermissions] as? Int) == 0o640)
    }

    @Test func theJournalLosesEveryLineOfAnErasedSubscriber() throws {
        let fixture = try StoreFixture()
        let path = SendJournal.path(forDatabase: fixture.path)
        do {
            let journal = try SendJournal(path: path)
            try journal.handingOver(week: "2026-W48", subscriberID: 4)
            try journal.handingOver(week: "2026-W48", subscriberID: 44)
            try journal.ended(
                week: "2026-W48",
                [
                    (4, DeliveryOutcome(kind: .rejected, stage: .rcptTo, replyCode: 550, replyText: "no"), "m4"),
                    (44, DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "ok"), "m44"),
                ])
        }
        #expect(try SendJournal.erase(subscriberID: 4, databasePath: fixture.path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "S\t2026-W48\t44\nR\t2026-W48\t44\taccepted\tend of data\t250\tm44\tok\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        // While a send holds the lock, the journal is left to it.
        let lock = try SendLock(path: SendLock.path(forDatabase: fixture.path))
        #expect(try SendJournal.erase(subscriberID: 44, databasePath: fixture.path) == false)
        withExtendedLifetime(lock) {}
    }
}
