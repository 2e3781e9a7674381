import BulletinCore
import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A prepared SQLite statement; finalized when released.
///
/// Every bind is checked: a failed `sqlite3_bind_*` and a wrong number of values throw ``SQLiteError`` instead of
/// running the statement with a parameter left NULL.
public final class Statement {
    let handle: OpaquePointer
    /// The connection, kept open while the statement lives.
    private let connection: SQLiteConnection
    /// How many parameters the SQL takes (`?`, `?NNN`, `:name`).
    public let parameterCount: Int
    /// Whether a ``Database/query(_:_:row:)`` is stepping through it (a cached statement is then not handed out).
    var isInUse = false

    init(connection: SQLiteConnection, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw connection.error(code: code, context: "preparing a query")
        }
        self.handle = statement
        self.connection = connection
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement))
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears the bindings and rewinds the statement so it can run again.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Rewinds the statement so it can run again, keeping the bindings: for a statement run many times that binds
    /// every parameter each time, which spares SQLite freeing and allocating each text binding's buffer.
    public func rewind() {
        sqlite3_reset(handle)
    }

    /// Binds a value to the 1-based parameter `index`.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the binding (an index out of range, a statement in use).
    public func bind(_ value: Int64?, at index: Int32) throws {
        try check(
            value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index), index: index)
    }

    /// Binds text to the 1-based parameter `index`; nil binds NULL.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the binding.
    public func bind(_ value: String?, at index: Int32) throws {
        guard var value else {
            try check(sqlite3_bind_null(handle, index), index: index)
            return
        }
        let code = value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                csqlite_bind_text_transient(handle, index, chars.baseAddress, Int32(chars.count))
            }
        }
        try check(code, index: index)
    }

    /// Binds UTF-8 text to the 1-based parameter `index` without copying it; nil binds NULL. The bytes must stay
    /// as they are until ``reset()`` (which clears the binding; ``rewind()`` does not), also when a step throws.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the binding.
    func bind(borrowing bytes: UnsafeBufferPointer<UInt8>?, at index: Int32) throws {
        guard let bytes else {
            try check(sqlite3_bind_null(handle, index), index: index)
            return
        }
        let code = bytes.withMemoryRebound(to: CChar.self) { chars in
            csqlite_bind_text_static(handle, index, chars.baseAddress, Int32(chars.count))
        }
        try check(code, index: index)
    }

    /// Binds a blob to the 1-based parameter `index`.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the binding.
    public func bind(blob: [UInt8], at index: Int32) throws {
        let code = blob.withUnsafeBytes { raw in
            sqlite3_bind_blob64(
                handle, index, raw.baseAddress, sqlite3_uint64(raw.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        try check(code, index: index)
    }

    /// Binds every parameter in order, from parameter 1.
    ///
    /// - Throws: ``SQLiteError`` (SQLITE_RANGE) when the number of values is not the statement's
    ///   ``parameterCount``, or when SQLite refuses a binding.
    public func bind(_ values: [SQLValue]) throws {
        guard values.count == parameterCount else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "the statement takes \(parameterCount) values, \(values.count) were given",
                context: "binding \(String(cString: sqlite3_sql(handle)).prefix(60))")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let number): try bind(number, at: index)
            case .text(let text): try bind(text, at: index)
            case .blob(let bytes): try bind(blob: bytes, at: index)
            case .null: try check(sqlite3_bind_null(handle, index), index: index)
            }
        }
    }

    private func check(_ code: Int32, index: Int32) throws {
        guard code == SQLITE_OK else {
            throw connection.error(code: code, context: "binding value \(index) of a query")
        }
    }

    /// Runs one step.
    ///
    /// - Returns: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(code: code, context: "running a query")
        }
    }

    /// Runs the statement to completion with the given values, then resets it.
    public func run(_ values: [SQLValue] = []) throws {
        defer { reset() }
        try bind(values)
        while try step() {}
    }

    /// The integer in column `index` (0-based) of the current row.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// The integer in column `index`, or nil when it is NULL.
    public func optionalInt64(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// The text in column `index`.
    ///
    /// - Throws: ``SQLiteError`` (SQLITE_MISMATCH) when the column is NULL: a missing value is reported, not read
    ///   as an empty text. Read a column that may be NULL with ``optionalString(_:)``.
    public func string(_ index: Int32) throws -> String {
        guard let text = optionalString(index) else { throw mismatch(index, holding: nil, expected: "a text") }
        return text
    }

    /// The text in column `index`, or nil when it is NULL.
    public func optionalString(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The error of a column that holds `text` (nil: NULL) where a value of `expected` was to be read.
    private func mismatch(_ index: Int32, holding text: String?, expected: String) -> SQLiteError {
        let column = String(cString: sqlite3_column_name(handle, index))
        return SQLiteError(
            code: SQLITE_MISMATCH,
            message: "column \(column) holds \(text.map { "'\($0)'" } ?? "NULL"), which is not \(expected)",
            context: "reading \(String(cString: sqlite3_sql(handle)).prefix(60))")
    }

    /// The text in column `index` read as one of `type`'s values (a status, a state).
    ///
    /// - Throws: ``SQLiteError`` (SQLITE_MISMATCH) when the column is NULL or holds text that is none of them:
    ///   a row written by a newer Bulletin, or edited by hand, is reported instead of being read as a default.
    public func value<T: RawRepresentable>(_ index: Int32, as type: T.Type) throws -> T where T.RawValue == String {
        let text = optionalString(index)
        guard let text, let value = T(rawValue: text) else {
            throw mismatch(index, holding: text, expected: "a known \(T.self)")
        }
        return value
    }

    /// Whether the text in column `index` is `bytes`, optionally ignoring the case of ASCII letters; compared where
    /// SQLite holds it, without making a string.
    public func text(_ index: Int32, equals bytes: UnsafeBufferPointer<UInt8>, ignoringCase: Bool = false) -> Bool {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count == bytes.count else { return false }
        guard count > 0, let text = sqlite3_column_text(handle, index), let other = bytes.baseAddress else {
            return count == 0
        }
        if !ignoringCase { return memcmp(text, other, count) == 0 }
        for offset in 0..<count {
            var left = text[offset]
            var right = other[offset]
            if left >= 65 && left <= 90 { left += 32 }
            if right >= 65 && right <= 90 { right += 32 }
            if left != right { return false }
        }
        return true
    }
}

/// A value to bind to a statement parameter.
public enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}
