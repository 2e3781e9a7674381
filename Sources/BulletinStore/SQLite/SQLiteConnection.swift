import CSQLite

/// The C handle of one open SQLite connection, closed when the last owner lets go of it: a ``Database`` and every
/// ``Statement`` prepared on it hold it, so that a cached statement never outlives its connection. The backup and
/// restore code uses one bare, for a copy being written or a database held with an exclusive lock.
final class SQLiteConnection {
    let handle: OpaquePointer
    /// Seconds a statement waits for another connection's write lock (`[store] busy_timeout`).
    let busyTimeout: Int

    init(handle: OpaquePointer, busyTimeout: Int) {
        self.handle = handle
        self.busyTimeout = busyTimeout
    }

    /// Opens `path` with `sqlite3_open_v2` flags, extended result codes on.
    ///
    /// - Throws: ``SQLiteError`` with SQLite's own message.
    static func open(_ path: String, flags: Int32, busyTimeout: Int) throws -> SQLiteConnection {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(code: code, message: message, context: "opening \(path)")
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(clamping: busyTimeout * 1000))
        return SQLiteConnection(handle: handle, busyTimeout: busyTimeout)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// SQLite's error for `code` on this connection, with its current message and what Bulletin was doing.
    func error(code: Int32, context: String) -> SQLiteError {
        SQLiteError(
            code: code, message: String(cString: sqlite3_errmsg(handle)), context: context, busyTimeout: busyTimeout)
    }

    /// Runs SQL that returns no rows (may hold several statements).
    func execute(_ sql: String, context: String? = nil) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(
                code: code, message: text, context: context ?? "running \(sql.prefix(40))", busyTimeout: busyTimeout)
        }
    }

    /// The rows of a one-column text query, without a ``Database`` around the connection.
    func strings(_ sql: String, context: String) throws -> [String] {
        let statement = try Statement(connection: self, sql: sql)
        var rows: [String] = []
        do {
            while try statement.step() { rows.append(try statement.string(0)) }
        } catch let error as SQLiteError {
            throw SQLiteError(
                code: error.code, message: error.message, context: context, busyTimeout: error.busyTimeout)
        }
        return rows
    }

    /// `PRAGMA integrity_check` (or the faster `quick_check`): the problems found (at most 20), empty when sound.
    func integrityProblems(quick: Bool, context: String) throws -> [String] {
        let rows = try strings(quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)", context: context)
        return rows == ["ok"] ? [] : rows
    }
}
