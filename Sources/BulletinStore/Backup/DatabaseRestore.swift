import BulletinCore
import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Puts a backup in the place of the database, keeping the database as it was beside it.
///
/// The restore holds the send lock (no `send` can start, and one that runs makes the restore refuse) and an
/// exclusive SQLite lock on the database (so it refuses while `serve` or another command has it open, and nothing
/// opens it meanwhile). With that lock it checkpoints the WAL into the database, copies the database to
/// `<database>.<stamp>.before-restore`, and copies the backup's pages into the database with SQLite's backup API,
/// in one transaction; then the database goes back to WAL mode. SQLite itself keeps the `-wal` and `-shm` files
/// right, and a failure halfway leaves the database as it was.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Report: Sendable, Equatable {
        /// Where the database as it was is kept; nil when there was no database.
        public var keptAs: String?
        /// What the restored database holds.
        public var restored: DatabaseSummary
    }

    /// The name the database as it was is kept under.
    public static func keptPath(forDatabase databasePath: String, at date: Date) -> String {
        "\(databasePath).\(BackupName.stamp(date)).before-restore"
    }

    /// Checks the file to restore: a sound Bulletin database of a schema this Bulletin knows.
    ///
    /// - Returns: the backup, open read-only, and what it holds.
    /// - Throws: ``BackupError/notRestorable(_:_:)`` or ``DatabaseOpenError/newerSchema(path:found:known:)``.
    @discardableResult
    public static func check(backupAt path: String, busyTimeout: Int) throws -> (Database, DatabaseSummary) {
        let database: Database
        do {
            database = try Database(path: path, mode: .readOnly, busyTimeout: busyTimeout)
        } catch let error as DatabaseOpenError {
            throw BackupError.notRestorable(path, "\(error)")
        } catch let error as SQLiteError {
            throw BackupError.notRestorable(path, "it is not a SQLite database (SQLite: \(error.message))")
        }
        let problems = try DatabaseSummary.problems(of: database, quick: false)
        guard problems.isEmpty else {
            throw BackupError.notRestorable(
                path, "it fails the integrity check (\(problems.prefix(3).joined(separator: "; ")))")
        }
        guard try DatabaseSummary.isBulletinDatabase(database) else {
            throw BackupError.notRestorable(path, "it is a SQLite database but not Bulletin's (no subscribers table)")
        }
        let summary = try DatabaseSummary(of: database)
        guard summary.schemaVersion <= Schema.currentVersion else {
            throw DatabaseOpenError.newerSchema(path: path, found: summary.schemaVersion, known: Schema.currentVersion)
        }
        return (database, summary)
    }

    /// Restores the backup at `backupPath` as the database at `databasePath`.
    ///
    /// - Throws: ``SendLockError/busy(pid:)`` while a send runs, ``BackupError`` (the file is not restorable,
    ///   the database is open elsewhere, a copy cannot be written), ``SQLiteError``.
    public static func restore(
        backupAt backupPath: String, to databasePath: String, busyTimeout: Int, at date: Date
    )
        throws -> Report
    {
        let lock = try SendLock(path: SendLock.path(forDatabase: databasePath))
        defer { withExtendedLifetime(lock) {} }
        let (source, _) = try check(backupAt: backupPath, busyTimeout: busyTimeout)
        var keptAs: String?
        if FileManager.default.fileExists(atPath: databasePath) {
            keptAs = keptPath(forDatabase: databasePath, at: date)
            try replace(databasePath, from: source, keepingAs: keptAs ?? "")
        } else {
            // By way of a `.partial` file renamed into place: a failure leaves no database, not a broken one.
            try DatabaseBackup.copy(from: source, to: databasePath)
        }
        // Back to WAL, and up to this Bulletin's schema (with its own copy first when the backup is older).
        let restored = try Database(path: databasePath, mode: .existing, busyTimeout: busyTimeout)
        return Report(keptAs: keptAs, restored: try DatabaseSummary(of: restored))
    }

    /// Copies the backup's pages into the database, in one transaction of the backup API (a failure rolls it
    /// back), after keeping the database as it was. The backup passed its integrity check already, and the backup
    /// API copies pages as they are, so the result needs no second check.
    private static func replace(_ databasePath: String, from source: Database, keepingAs keptPath: String) throws {
        let context = "restoring \(databasePath)"
        // No waiting: an idle connection of another process (serve) holds a shared lock for as long as it is
        // open, and waiting would not end it.
        let connection = try SQLiteConnection.open(databasePath, flags: SQLITE_OPEN_READWRITE, busyTimeout: 0)
        try connection.execute("PRAGMA locking_mode = EXCLUSIVE", context: context)
        do {
            try connection.execute("BEGIN EXCLUSIVE; COMMIT", context: context)
        } catch let error as SQLiteError where error.isBusy {
            throw BackupError.inUse(databasePath)
        }
        _ = try connection.strings("PRAGMA wal_checkpoint(TRUNCATE)", context: context)
        try DatabaseBackup.write(from: connection, to: keptPath, context: "keeping \(databasePath)")
        // The backup API cannot change the page size of a database in WAL mode; out of WAL it can.
        _ = try connection.strings("PRAGMA journal_mode = DELETE", context: context)
        try DatabaseBackup.pages(from: source.connection, into: connection, context: context)
        _ = try connection.strings("PRAGMA journal_mode = WAL", context: context)
    }
}
