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
