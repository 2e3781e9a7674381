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
            try write(from: source.connection, to: partial, context: "backing up \(source.path)")
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
    static func write(from source: SQLiteConnection, to path: String, context: String) throws {
        do {
            try PrivateFile.create(path)
        } catch let error as PrivateFileError {
            if case .exists = error { throw BackupError.exists(path) }
            throw BackupError.cannotWrite(path, error.reason)
        }
        let copy: SQLiteConnection
        do {
            copy = try SQLiteConnection.open(path, flags: SQLITE_OPEN_READWRITE, busyTimeout: source.busyTimeout)
        } catch let error as SQLiteError {
            throw BackupError.cannotWrite(path, error.message)
        }
        try pages(from: source, into: copy, context: context)
        try copy.execute("PRAGMA journal_mode = DELETE", context: context)
        let problems = try copy.integrityProblems(quick: false, context: context)
        guard problems.isEmpty else { throw BackupError.damagedCopy(path, problems) }
    }

    /// Runs one whole backup from `source` into `destination` ("main" to "main"), waiting while the source is
    /// busy (a checkpoint or recovery holds it for a moment).
    static func pages(from source: SQLiteConnection, into destination: SQLiteConnection, context: String) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.error(code: sqlite3_errcode(destination.handle), context: context)
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
            throw destination.error(code: code == SQLITE_DONE ? finished : code, context: context)
        }
    }
}
