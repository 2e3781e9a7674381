import BulletinCore
import CSQLite
import Foundation

/// One connection to a SQLite database file, configured the way Bulletin needs it: WAL, foreign keys, a busy
/// timeout, the `bulletin_fold` SQL function (``CaseFolding``), and the schema migrated to the current version.
///
/// The connection is used from one thread at a time; each process opens its own.
public final class Database {
    let handle: OpaquePointer
    /// The database file.
    public let path: String
    /// Seconds a statement waits for another connection's write lock.
    let busyTimeout: Int

    /// How a database is opened.
    public enum OpenMode: Sendable {
        /// Create the file (and its folder) when it does not exist.
        case create
        /// The file must already exist.
        case existing
        /// The file must already exist; it is opened read-only and its schema is left as it is (for checks and
        /// backups of a database that may be older or newer than this Bulletin).
        case readOnly
    }

    /// Opens (or creates) the database at `path` and applies pending migrations.
    ///
    /// Before a migration changes the schema of a database that has one, a copy of the database as it was is
    /// written beside it (``SchemaBackup``) and `announce` is told where.
    ///
    /// - Parameters:
    ///   - busyTimeout: seconds to wait for another connection's write lock.
    ///   - announce: hears one sentence about the copy taken before a schema upgrade (default: stderr).
    /// - Throws: ``DatabaseOpenError`` or ``SQLiteError``.
    public init(
        path: String, mode: OpenMode, busyTimeout: Int = 30, migrations: [Migration] = Schema.migrations,
        announce: @escaping (String) -> Void = SchemaBackup.announceOnStandardError
    )
        throws
    {
        let fileManager = FileManager.default
        switch mode {
        case .existing, .readOnly:
            guard fileManager.fileExists(atPath: path) else { throw DatabaseOpenError.missing(path) }
        case .create:
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !fileManager.fileExists(atPath: folder) {
                do {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw DatabaseOpenError.cannotCreateFolder(folder)
                }
            }
        }
        Self.configureLibrary
        var connection: OpaquePointer?
        let access = mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        let flags = access | (mode == .create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: code, message: message, context: "opening \(path)")
        }
        self.handle = connection
        self.path = path
        self.busyTimeout = busyTimeout
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(clamping: busyTimeout * 1000))
        let registered = CaseFolding.register(on: connection)
        guard registered == SQLITE_OK else {
            throw error(code: registered, context: "registering \(CaseFolding.functionName) on \(path)")
        }
        do {
            // Reading the schema is the first thing that fails on a file that is not a database.
            try execute("PRAGMA foreign_keys = ON")
            if mode == .readOnly {
                // Reading the schema here fails early on a file that is not a database, as the migrations would.
                _ = try query("SELECT count(*) FROM sqlite_master") { $0.int64(0) }
                return
            }
            let journal = try query("PRAGMA journal_mode = WAL") { $0.string(0) }.first ?? ""
            if journal.lowercased() != "wal" {
                throw SQLiteError(code: 1, message: "journal mode is \(journal)", context: "enabling WAL on \(path)")
            }
            try execute("PRAGMA synchronous = NORMAL")
            try Migrator(database: self, migrations: migrations, announce: announce).migrate()
        } catch let error as SQLiteError {
            throw SQLiteError(
                code: error.code, message: error.message, context: "opening \(path)", busyTimeout: busyTimeout)
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Process-wide SQLite settings, applied once before the first connection.
    private static let configureLibrary: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    /// Runs SQL that returns no rows (may hold several statements).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(
                code: code, message: text, context: "running \(sql.prefix(40))", busyTimeout: busyTimeout)
        }
    }

    /// Prepares a statement to run many times.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs a query and maps each row.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// Runs a statement with values.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        try prepare(sql).run(values)
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`, so it waits for the write lock up front instead of
    /// failing halfway); commits when it returns, rolls back when it throws.
    ///
    /// - Parameter commit: false rolls back even when `body` returns (a dry run).
    public func transaction<T>(commit: Bool = true, _ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute(commit ? "COMMIT" : "ROLLBACK")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(code: Int32, context: String) -> SQLiteError {
        SQLiteError(
            code: code, message: String(cString: sqlite3_errmsg(handle)), context: context, busyTimeout: busyTimeout)
    }
}

/// The database file cannot be opened.
public enum DatabaseOpenError: BulletinError, Equatable {
    case missing(String)
    case cannotCreateFolder(String)
    case newerSchema(path: String, found: Int, known: Int)

    public var exitStatus: ExitStatus {
        switch self {
        case .missing, .newerSchema: return .configuration
        case .cannotCreateFolder: return .cannotCreate
        }
    }

    public var description: String {
        switch self {
        case .missing(let path):
            return "there is no database at \(path); run `bulletin init` to create one, or fix [store] path "
                + "in the configuration."
        case .cannotCreateFolder(let folder):
            return "cannot create the folder \(folder) for the database; check the permissions of its parent."
        case .newerSchema(let path, let found, let known):
            return "\(path) was written by a newer Bulletin (schema version \(found); this one knows up to "
                + "\(known)); upgrade bulletin before using this database."
        }
    }
}
