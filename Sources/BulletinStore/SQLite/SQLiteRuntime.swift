import CSQLite

/// The SQLite library this build links.
public enum SQLiteRuntime {
    /// SQLite's version, like `3.40.1`.
    public static var version: String { String(cString: sqlite3_libversion()) }
}
