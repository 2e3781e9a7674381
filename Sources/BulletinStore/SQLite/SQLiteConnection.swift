import CSQLite

/// The C handle of one open SQLite connection, closed when the last owner lets go of it: the ``Database`` and
/// every ``Statement`` prepared on it hold it, so that a cached statement never outlives its connection.
final class SQLiteConnection {
    let handle: OpaquePointer
    /// Seconds a statement waits for another connection's write lock (`[store] busy_timeout`).
    let busyTimeout: Int

    init(handle: OpaquePointer, busyTimeout: Int) {
        self.handle = handle
        self.busyTimeout = busyTimeout
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// SQLite's error for `code` on this connection, with its current message and what Bulletin was doing.
    func error(code: Int32, context: String) -> SQLiteError {
        SQLiteError(
            code: code, message: String(cString: sqlite3_errmsg(handle)), context: context, busyTimeout: busyTimeout)
    }
}
