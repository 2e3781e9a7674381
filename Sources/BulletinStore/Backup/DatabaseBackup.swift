import BulletinCore
import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Consistent copies of a database that other processes may be writing, with SQLite's online backup API.
///
/// The copy is made in one `sqlite3_backup_step(-1)`: one read transaction on the source for the whole copy, so
/// the copy is the database as it stood at one moment. In WAL mode a reader blocks no writer, so `serve` and
/// `send` go on meanwhile. The copy is a single self-contained file (rollback journal, no `-wal`), mode 0600, and
/// it passes `PRAGMA integrity_check` before it takes its name.
///
/// - SeeAlso: https://www.sqlite.org/backup.html
public enum DatabaseBackup {
    /// Copies the database at `sourcePath` into a new file at `destination`.
    ///
    /// The file appears at `destination` only once complete and checked; a failure leaves nothing there.
    ///
    /// - Throws: ``BackupError`` (the destination exists or cannot be written, the copy fails its check),
    ///   ``DatabaseOpenError`` or ``SQLiteError`` for the source.
    @discardableResult
    public static func copy(
        databaseAt sourcePath: String, to destination: String, busyTimeout: Int
    ) throws
        -> DatabaseSummary
    {
        let source = try Database(path: sourcePath, mode: .readOnly, busyTimeout: busyTimeout)
        try copy(from: source, to: destination)
        return try DatabaseSummary(of: try Database(path: destination, mode: .readOnly, busyTimeout: busyTimeout))
    }

    /// Copies the database open on `source` into a new file at `destination`, by way of `destination.partial`.
    static func copy(from source: Database, to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) { throw BackupError.exists(destination) }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try write(from: source.handle, to: partial, context: "backing up \(source.path)")
            guard rename(partial, destination) == 0 else {
                throw BackupError.cannotWrite(destination, String(cString: strerror(errno)))
            }
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(partial + suffix) }
            throw error
        }
    }

    /// Copies `source` page by page into a new file at `path` (mode 0600), switches the copy to a rollback
    /// journal so that it is one file, and checks it.
    static func write(from source: OpaquePointer, to path: String, context: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw BackupError.exists(path) }
            throw BackupError.cannotWrite(path, String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
        var connection: OpaquePointer?
        let opened = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let connection else {
            if let connection { sqlite3_close_v2(connection) }
            throw BackupError.cannotWrite(path, "SQLite code \(opened)")
        }
        defer { sqlite3_close_v2(connection) }
        try pages(from: source, into: connection, context: context)
        try RawConnection.execute(connection, "PRAGMA journal_mode = DELETE", context: context)
        let problems = try RawConnection.check(connection, quick: false, context: context)
        guard problems.isEmpty else { throw BackupError.damagedCopy(path, problems) }
    }

    /// Runs one whole backup from `source` into `destination` ("main" to "main"), waiting while the source is
    /// busy (a checkpoint or recovery holds it for a moment).
    static func pages(from source: OpaquePointer, into destination: OpaquePointer, context: String) throws {
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw SQLiteError(
                code: sqlite3_errcode(destination), message: String(cString: sqlite3_errmsg(destination)),
                context: context)
        }
        var code = sqlite3_backup_step(backup, -1)
        var waits = 0
        while code == SQLITE_BUSY && waits < 200 {
            waits += 1
            usleep(50_000)
            code = sqlite3_backup_step(backup, -1)
        }
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finished == SQLITE_OK else {
            let failed = code == SQLITE_DONE ? finished : code
            throw SQLiteError(
                code: failed, message: String(cString: sqlite3_errmsg(destination)), context: context)
        }
    }
}
