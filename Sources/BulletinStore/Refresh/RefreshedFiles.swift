import BulletinCore

/// How a file looked on disk: enough to tell, without opening it, that it has not changed.
public struct FileLook: Sendable, Equatable {
    /// The device the file is on.
    public var device: Int64
    /// Its inode.
    public var inode: Int64
    /// Its size in bytes.
    public var size: Int64
    /// Its modification time, in nanoseconds since 1970.
    public var modifiedNanoseconds: Int64

    /// Creates a look.
    public init(device: Int64, inode: Int64, size: Int64, modifiedNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }
}

/// How far a log's content was read (see ``SQLitePageViewStore/logRead(fingerprint:)``).
public struct LogRead: Sendable, Equatable {
    /// Bytes of whole lines counted, from the start of the (decompressed) content.
    public var offset: Int64
    /// How many of the first bytes ``headHash`` covers (at most 4 KiB, at most ``offset``).
    public var headLength: Int64
    /// SHA-256 of the first ``headLength`` bytes, in hex.
    public var headHash: String
    /// The device of the file it was last read from.
    public var device: Int64
    /// Its inode.
    public var inode: Int64

    /// Creates a read position.
    public init(offset: Int64, headLength: Int64, headHash: String, device: Int64, inode: Int64) {
        self.offset = offset
        self.headLength = headLength
        self.headHash = headHash
        self.device = device
        self.inode = inode
    }
}

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
