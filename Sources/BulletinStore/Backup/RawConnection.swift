import CSQLite

/// What the backup and restore code does on raw connections that are not a ``Database`` (a copy being written,
/// a database held with an exclusive lock).
enum RawConnection {
    /// Runs SQL that returns no rows.
    static func execute(_ connection: OpaquePointer, _ sql: String, context: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(connection))
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text, context: context)
        }
    }

    /// The rows of a one-column text query.
    static func strings(_ connection: OpaquePointer, _ sql: String, context: String) throws -> [String] {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else {
            throw SQLiteError(
                code: prepared, message: String(cString: sqlite3_errmsg(connection)), context: context)
        }
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else {
                throw SQLiteError(
                    code: code, message: String(cString: sqlite3_errmsg(connection)), context: context)
            }
            rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    /// `PRAGMA integrity_check` (or `quick_check`): the problems found, empty when the database is sound.
    static func check(_ connection: OpaquePointer, quick: Bool, context: String) throws -> [String] {
        let rows = try strings(
            connection, quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)", context: context)
        return rows == ["ok"] ? [] : rows
    }
}
