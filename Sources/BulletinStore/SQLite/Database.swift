import BulletinCore
import CSQLite
import Foundation

/// One connection to a SQLite database file, configured the way Bulletin needs it: WAL, foreign keys, a busy
/// timeout, `secure_delete` (deleted rows are overwritten, whatever the SQLite build's default), the
/// `bulletin_fold` SQL function (``CaseFolding``), and the schema migrated to the current version.
///
/// A new database file is created with `fileMode` (0600 by default) whatever the umask; SQLite gives its `-wal`
/// and `-shm` files the database file's mode.
///
/// The connection is used from one thread at a time; each process opens its own. Statements run through
/// ``query(_:_:row:)`` and ``run(_:_:)`` come from a cache (``cachedStatement(_:)``), prepared once per SQL text.
public final class Database {
    /// The connection; statements keep it open while they live, so that it closes after the last one.
    let connection: SQLiteConnection
    /// The database file.
    public let path: String
    /// Statements prepared once and run again, by SQL text.
    private var statements: [String: Statement] = [:]
    /// More distinct SQL texts than this (SQL built with values in it) empties the cache.
    private static let statementCacheLimit = 128

    var handle: OpaquePointer { connection.handle }
    /// Seconds a statement waits for another connection's write lock.
    var busyTimeout: Int { connection.busyTimeout }

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
    ///   - fileMode: the permissions of a database file this call creates (`[store] mode`).
    ///   - announce: hears one sentence about the copy taken before a schema upgrade (default: stderr).
    /// - Throws: ``DatabaseOpenError`` or ``SQLiteError``.
    public init(
        path: String, mode: OpenMode, busyTimeout: Int = 30, fileMode: Int = 0o600,
        migrations: [Migration] = Schema.migrations,
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
            try Self.createPrivately(path, mode: fileMode)
        }
        Self.configureLibrary
        let connection =
            mode == .readOnly
            ? try Self.openReadOnly(path, busyTimeout: busyTimeout)
            : try SQLiteConnection.open(
                path, flags: SQLITE_OPEN_READWRITE | (mode == .create ? SQLITE_OPEN_CREATE : 0),
                busyTimeout: busyTimeout)
        self.connection = connection
        self.path = path
        let registered = CaseFolding.register(on: connection.handle)
        guard registered == SQLITE_OK else {
            throw error(code: registered, context: "registering \(CaseFolding.functionName) on \(path)")
        }
        do {
            try execute("PRAGMA foreign_keys = ON")
            // Debian's SQLite happens to be built with SQLITE_SECURE_DELETE; others are not. An erased subscriber
            // must not stay readable in free pages, so the connection asks for it itself.
            try execute("PRAGMA secure_delete = ON")
            if mode == .readOnly {
                // Reading the schema is the first thing that fails on a file that is not a database (in the other
                // modes, setting the journal mode is).
                _ = try query("SELECT count(*) FROM sqlite_master") { $0.int64(0) }
                return
            }
            let journal = try query("PRAGMA journal_mode = WAL") { try $0.string(0) }.first ?? ""
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

    /// Opens `path` to read whatever its owner allows: as the commands that write do (migrations included) when this
    /// process may write the file and its folder; otherwise read-only, which works only at the schema this Bulletin
    /// writes. For the commands that only look (`subscribers list`, `status`, `preview`…), so that a user who may
    /// read the database but not write it can still use them.
    ///
    /// - Throws: ``DatabaseOpenError`` (``DatabaseOpenError/olderSchemaReadOnly(path:found:known:)`` when the file
    ///   needs an upgrade its reader may not make), ``SQLiteError``.
    public static func openForReading(path: String, busyTimeout: Int = 30) throws -> Database {
        let folder = (path as NSString).deletingLastPathComponent
        if access(path, W_OK) == 0, access(folder.isEmpty ? "." : folder, W_OK) == 0 {
            return try Database(path: path, mode: .existing, busyTimeout: busyTimeout)
        }
        let database = try Database(path: path, mode: .readOnly, busyTimeout: busyTimeout)
        let found = Int(try database.query("PRAGMA user_version") { $0.int64(0) }.first ?? 0)
        let known = Schema.currentVersion
        if found > known { throw DatabaseOpenError.newerSchema(path: path, found: found, known: known) }
        if found < known { throw DatabaseOpenError.olderSchemaReadOnly(path: path, found: found, known: known) }
        return database
    }

    /// A read-only connection to `path`. A database in WAL mode needs its `-shm` file; when the folder does not let
    /// this process create it, the file is opened as immutable instead (SQLite then reads the file as it is and
    /// takes no locks: fine for a look, which may miss a write made at that very moment).
    private static func openReadOnly(_ path: String, busyTimeout: Int) throws -> SQLiteConnection {
        let connection = try SQLiteConnection.open(path, flags: SQLITE_OPEN_READONLY, busyTimeout: busyTimeout)
        do {
            _ = try connection.strings("SELECT count(*) FROM sqlite_master", context: "opening \(path)")
            return connection
        } catch let error as SQLiteError
            where error.code & 0xFF == SQLITE_CANTOPEN || error.code & 0xFF == SQLITE_READONLY
        {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
            return try SQLiteConnection.open(
                "file:\(encoded)?immutable=1", flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, busyTimeout: busyTimeout)
        }
    }

    /// Creates an empty database file with `mode` (not widened by the umask), unless a file is there already.
    private static func createPrivately(_ path: String, mode: Int) throws {
        do {
            close(try PrivateFile.open(path, mode: mode))
        } catch PrivateFileError.exists {
            return
        } catch let error as PrivateFileError {
            throw DatabaseOpenError.cannotCreateFile(path, error.reason)
        }
    }

    /// Copies the write-ahead log into the database and truncates it to zero bytes, so that no old page image
    /// (like an erased subscriber's row) stays in the `-wal` file. Other connections may hold the database open;
    /// the checkpoint waits for their readers up to the busy timeout.
    ///
    /// - Returns: true when the log was emptied, false when a reader kept it busy.
    @discardableResult
    public func checkpointAndTruncateLog() throws -> Bool {
        let busy = try query("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int64(0) }.first ?? 1
        return busy == 0
    }

    /// Process-wide SQLite settings, applied once before the first connection.
    private static let configureLibrary: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    /// Runs SQL that returns no rows (may hold several statements).
    public func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    /// Prepares a statement of its own, for the caller to keep and run many times.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: connection, sql: sql)
    }

    /// The cached statement for `sql`, reset and with its bindings cleared; prepared on first use. A statement that
    /// a query is still stepping through is not shared: a fresh one is prepared instead.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statements[sql], !statement.isInUse {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        if statements[sql] == nil {
            if statements.count >= Self.statementCacheLimit { statements.removeAll() }
            statements[sql] = statement
        }
        return statement
    }

    /// Runs a query and maps each row.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> [T] {
        let statement = try cachedStatement(sql)
        statement.isInUse = true
        defer {
            statement.isInUse = false
            statement.reset()
        }
        do {
            try statement.bind(values)
            var rows: [T] = []
            while try statement.step() { rows.append(try row(statement)) }
            return rows
        } catch let error as SQLiteError {
            // A statement that failed is not trusted again (GRDB does the same).
            dropCachedStatement(sql, statement)
            throw error
        }
    }

    /// Runs a statement with values.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try cachedStatement(sql)
        do {
            try statement.run(values)
        } catch {
            dropCachedStatement(sql, statement)
            throw error
        }
    }

    private func dropCachedStatement(_ sql: String, _ statement: Statement) {
        if statements[sql] === statement { statements[sql] = nil }
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
        connection.error(code: code, context: context)
    }
}

/// The database file cannot be opened.
public enum DatabaseOpenError: Error, CustomStringConvertible, Sendable, Equatable {
    case missing(String)
    case cannotCreateFolder(String)
    case cannotCreateFile(String, String)
    case newerSchema(path: String, found: Int, known: Int)
    /// The file is at an older schema and this process may not write it to upgrade it.
    case olderSchemaReadOnly(path: String, found: Int, known: Int)

    public var description: String {
        switch self {
        case .missing(let path):
            return "there is no database at \(path)."
        case .cannotCreateFolder(let folder):
            return "cannot create the folder \(folder) for the database; check the permissions of its parent."
        case .cannotCreateFile(let path, let reason):
            return "cannot create the database \(path) (\(reason)); check the permissions of its folder."
        case .newerSchema(let path, let found, let known):
            return "\(path) was written by a newer Bulletin (schema version \(found); this one knows up to "
                + "\(known)); upgrade bulletin before using this database."
        case .olderSchemaReadOnly(let path, let found, let known):
            return "\(path) is at schema version \(found) and needs the upgrade to \(known), which only a user who "
                + "may write it and its folder can make."
        }
    }
}
