/// The tables of migration 9: what `bulletin refresh` remembers of the files it read.
enum RefreshSchema {
    static let sql = """
        -- Per file path, how the file looked when `bulletin refresh` last read it: a file that looks the same
        -- (device, inode, size, modification time) is not opened again.
        CREATE TABLE refreshed_files (
            path TEXT PRIMARY KEY,
            device INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            size INTEGER NOT NULL,
            modified_ns INTEGER NOT NULL,
            refreshed_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Per log (a view source recognized by its first line), how far its content was read: the bytes of
        -- whole lines counted, and a hash of its first head_length bytes, so that a log rewritten from the
        -- start is noticed even where its first line is the same.
        CREATE TABLE log_reads (
            source_id INTEGER PRIMARY KEY REFERENCES view_sources (id) ON DELETE CASCADE,
            read_offset INTEGER NOT NULL,
            head_length INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            device INTEGER NOT NULL,
            inode INTEGER NOT NULL
        );
        """
}
