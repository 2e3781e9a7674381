import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

/// `store backup`, `store restore` and the copy before a schema upgrade, on real SQLite files.
@Suite("Backups and restores")
struct BackupTests {
    private func add(_ fixture: StoreFixture, _ emails: [String], status: SubscriberStatus = .active) throws {
        for email in emails {
            try fixture.store.add(
                email: try EmailAddress(email), name: "", topics: [], attributes: [:], status: status, source: "cli",
                at: fixture.now)
        }
    }

    private func emails(_ path: String) throws -> [String] {
        try Database(path: path, mode: .readOnly).query("SELECT email FROM subscribers ORDER BY email") {
            try $0.string(0)
        }
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aBackupIsOneCheckedFileWithMode0600ThatHoldsEverySubscriber() throws {
        let fixture = try StoreFixture()
        try add(fixture, ["ann@example.org", "bob@example.org"])
        try add(fixture, ["cem@example.org"], status: .unsubscribed)
        let copy = fixture.folder.appendingPathComponent("copy.sqlite").path
        let summary = try DatabaseBackup.copy(databaseAt: fixture.path, to: copy, busyTimeout: 5)
        #expect(summary.subscribers == ["active": 2, "unsubscribed": 1])
        #expect(summary.schemaVersion == Schema.currentVersion)
        #expect(summary.bytes > 0)
        #expect(try mode(copy) == 0o600)
        #expect(try emails(copy) == ["ann@example.org", "bob@example.org", "cem@example.org"])
        // One self-contained file: no WAL beside it, nothing half-written left.
        for suffix in ["-wal", "-shm", "-journal", ".partial"] {
            #expect(!FileManager.default.fileExists(atPath: copy + suffix), "\(suffix)")
        }
        let database = try Database(path: copy, mode: .readOnly)
        #expect(try database.query("PRAGMA journal_mode") { try $0.string(0) } == ["delete"])
        #expect(try DatabaseSummary.problems(of: database, quick: false).isEmpty)
    }

    @Test func aBackupNeverReplacesAFile() throws {
        let fixture = try StoreFixture()
        let copy = fixture.folder.appendingPathComponent("copy.sqlite").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: copy))
        #expect(throws: BackupError.exists(copy)) {
            try DatabaseBackup.copy(databaseAt: fixture.path, to: copy, busyTimeout: 5)
        }
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "precious")
    }

    @Test func aSchemaUpgradeOfAnExistingDatabaseCopiesItFirstAndSaysSo() throws {
        let older = Array(Schema.migrations.prefix(3))
        let fixture = try StoreFixture(migrations: older)
        // A row as a Bulletin of schema 3 wrote it (today's store writes columns that schema does not have).
        try fixture.store.database.run(
            "INSERT INTO subscribers (email, status, created_at, updated_at) VALUES (?1, 'active', 0, 0)",
            [.text("ann@example.org")])
        var told: [String] = []
        let upgraded = try Database(path: fixture.path, mode: .existing, announce: { told.append($0) })
        #expect(try upgraded.query("PRAGMA user_version") { $0.int64(0) } == [Int64(Schema.currentVersion)])
        let folder = fixture.folder.appendingPathComponent("Subscribers")
        let copies = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("bulletin-schema3-") && $0.hasSuffix(".sqlite")
        }
        try #require(copies.count == 1)
        let copy = folder.appendingPathComponent(copies[0]).path
        #expect(told.count == 1)
        #expect(told.first?.contains("from version 3 to \(Schema.currentVersion)") == true)
        #expect(told.first?.contains(copy) == true)
        let kept = try Database(path: copy, mode: .readOnly)
        #expect(try kept.query("PRAGMA user_version") { $0.int64(0) } == [3])
        #expect(try emails(copy) == ["ann@example.org"])
        #expect(try mode(copy) == 0o600)

        // Up to date: opening again copies nothing.
        _ = try Database(path: fixture.path, mode: .existing, announce: { told.append($0) })
        #expect(told.count == 1)
    }

    @Test func aNewDatabaseIsNotCopied() throws {
        let fixture = try StoreFixture()
        let names = try FileManager.default.contentsOfDirectory(
            atPath: fixture.folder.appendingPathComponent("Subscribers").path)
        #expect(!names.contains { $0.contains("-schema") })
    }

    @Test func aRestorePutsTheBackupBackAndKeepsTheDatabaseAsItWas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bulletin-restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("Subscribers/bulletin.sqlite").path
        let copy = folder.appendingPathComponent("copy.sqlite").path
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        do {
            // Closed at the end of this block: a restore refuses while the database is open elsewhere.
            let store = SQLiteSubscriberStore(database: try Database(path: path, mode: .create))
            for email in ["ann@example.org", "bob@example.org"] {
                try store.add(
                    email: try EmailAddress(email), name: "", topics: [], attributes: [:], status: .active,
                    source: "cli", at: now)
            }
            try DatabaseBackup.copy(databaseAt: path, to: copy, busyTimeout: 5)
            try store.add(
                email: try EmailAddress("cem@example.org"), name: "", topics: [], attributes: [:], status: .active,
                source: "cli", at: now)
        }
        let report = try DatabaseRestore.restore(backupAt: copy, to: path, busyTimeout: 5, at: now)
        #expect(try emails(path) == ["ann@example.org", "bob@example.org"])
        #expect(report.restored.subscribers == ["active": 2])
        let kept = try #require(report.keptAs)
        #expect(kept.hasSuffix(".before-restore"))
        #expect(try emails(kept) == ["ann@example.org", "bob@example.org", "cem@example.org"])
        #expect(try mode(kept) == 0o600)
        let database = try Database(path: path, mode: .existing)
        #expect(try database.query("PRAGMA journal_mode") { try $0.string(0) } == ["wal"])
        #expect(try DatabaseSummary.problems(of: database, quick: false).isEmpty)
    }

    @Test func aRestoreRefusesWhileASendHoldsTheLockOrTheDatabaseIsOpen() throws {
        let fixture = try StoreFixture()
        try add(fixture, ["ann@example.org"])
        let copy = fixture.folder.appendingPathComponent("copy.sqlite").path
        try DatabaseBackup.copy(databaseAt: fixture.path, to: copy, busyTimeout: 5)
        try add(fixture, ["bob@example.org"])
        do {
            let lock = try SendLock(path: SendLock.path(forDatabase: fixture.path))
            defer { withExtendedLifetime(lock) {} }
            #expect(throws: SendLockError.busy(pid: getpid())) {
                try DatabaseRestore.restore(backupAt: copy, to: fixture.path, busyTimeout: 5, at: fixture.now)
            }
        }
        // The fixture's connection is open: like `serve`, it keeps the restore out.
        #expect(throws: BackupError.inUse(fixture.path)) {
            try DatabaseRestore.restore(backupAt: copy, to: fixture.path, busyTimeout: 5, at: fixture.now)
        }
        #expect(try emails(fixture.path) == ["ann@example.org", "bob@example.org"])
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: fixture.folder.appendingPathComponent("Subscribers").path
        ).filter { $0.hasSuffix(".before-restore") }
        #expect(leftovers.isEmpty)
    }

    @Test func aRestoreRefusesAFileThatIsNotABulletinDatabase() throws {
        let fixture = try StoreFixture()
        let text = fixture.folder.appendingPathComponent("notes.sqlite").path
        try Data("these are notes, not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: BackupError.self) {
            try DatabaseRestore.check(backupAt: text, busyTimeout: 5)
        }
        let other = fixture.folder.appendingPathComponent("other.sqlite").path
        _ = try Database(
            path: other, mode: .create, migrations: [Migration(version: 1, name: "x", sql: "CREATE TABLE x (a)")])
        #expect(
            throws: BackupError.notRestorable(
                other, "it is a SQLite database but not Bulletin's (no subscribers table)")
        ) {
            try DatabaseRestore.check(backupAt: other, busyTimeout: 5)
        }
    }

    @Test func rotationKeepsTheNewestBackupsAndTouchesNothingElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bulletin-rotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = [
            "bulletin-20261201-030000.sqlite", "bulletin-20261202-030000.sqlite", "bulletin-20261203-030000.sqlite",
            "bulletin-20261204-030000.sqlite", "notes.txt", "bulletin-before-import.sqlite",
        ]
        for name in names { try Data().write(to: folder.appendingPathComponent(name)) }
        let removed = try BackupRotation.prune(folder: folder.path, keep: 2)
        #expect(removed == ["bulletin-20261201-030000.sqlite", "bulletin-20261202-030000.sqlite"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "bulletin-20261203-030000.sqlite", "bulletin-20261204-030000.sqlite", "bulletin-before-import.sqlite",
                "notes.txt",
            ])
        #expect(BackupName.file(at: Date(timeIntervalSince1970: 1_795_000_000)) == "bulletin-20261118-110640.sqlite")
    }
}
