extension PageViewWriter {
    /// Records how far the source begun or resumed was read, in the import's transaction.
    ///
    /// - Throws: ``SQLiteError`` (misuse) when no source was begun.
    public func recordLogRead(_ read: LogRead) throws {
        guard let sourceID else {
            throw SQLiteError(code: 21, message: "no source begun", context: "recording a log read")
        }
        try database.run(
            """
            INSERT INTO log_reads (source_id, read_offset, head_length, head_hash, device, inode)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (source_id) DO UPDATE SET read_offset = excluded.read_offset,
                head_length = excluded.head_length, head_hash = excluded.head_hash, device = excluded.device,
                inode = excluded.inode
            """,
            [
                .integer(sourceID), .integer(read.offset), .integer(read.headLength), .text(read.headHash),
                .integer(read.device), .integer(read.inode),
            ])
    }
}

extension PageViewWriter {
    /// Removes every other source named `name` and what it contributed: an export read again from the same path
    /// replaces its earlier imports, whatever its first rows are now.
    ///
    /// - Throws: ``SQLiteError`` (misuse) when no source was begun.
    public func replaceOthers(named name: String) throws {
        guard let sourceID else {
            throw SQLiteError(code: 21, message: "no source begun", context: "replacing an export")
        }
        let others = "SELECT id FROM view_sources WHERE name = ?1 AND id != ?2"
        let values: [SQLValue] = [.text(name), .integer(sourceID)]
        try database.run("DELETE FROM page_views WHERE source_id IN (\(others))", values)
        try database.run("DELETE FROM campaign_views WHERE source_id IN (\(others))", values)
        try database.run("DELETE FROM log_reads WHERE source_id IN (\(others))", values)
        try database.run("DELETE FROM view_sources WHERE id IN (\(others))", values)
    }
}
