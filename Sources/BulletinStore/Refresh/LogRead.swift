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
