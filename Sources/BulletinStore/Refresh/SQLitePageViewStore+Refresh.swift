extension SQLitePageViewStore {
    /// How the file at `path` looked when it was last refreshed; nil when never.
    public func refreshedLook(path: String) throws -> FileLook? {
        try database.query(
            "SELECT device, inode, size, modified_ns FROM refreshed_files WHERE path = ?1", [.text(path)]
        ) {
            FileLook(device: $0.int64(0), inode: $0.int64(1), size: $0.int64(2), modifiedNanoseconds: $0.int64(3))
        }.first
    }

    /// Remembers how the file at `path` looked when it was read.
    public func recordRefreshed(path: String, look: FileLook, at now: Int64) throws {
        try database.run(
            """
            INSERT INTO refreshed_files (path, device, inode, size, modified_ns, refreshed_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (path) DO UPDATE SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                modified_ns = excluded.modified_ns, refreshed_at = excluded.refreshed_at
            """,
            [
                .text(path), .integer(look.device), .integer(look.inode), .integer(look.size),
                .integer(look.modifiedNanoseconds), .integer(now),
            ])
    }

    /// How far the log whose first line has `fingerprint` was read; nil when it was never read by a refresh.
    public func logRead(fingerprint: [UInt8]) throws -> LogRead? {
        try database.query(
            """
            SELECT r.read_offset, r.head_length, r.head_hash, r.device, r.inode
            FROM log_reads r JOIN view_sources s ON s.id = r.source_id WHERE s.fingerprint = ?1
            """, [.blob(fingerprint)]
        ) {
            LogRead(
                offset: $0.int64(0), headLength: $0.int64(1), headHash: try $0.string(2), device: $0.int64(3),
                inode: $0.int64(4))
        }.first
    }
}
