/// A source `bulletin refresh` could not read; the refresh reports it as a warning and goes on.
public enum RefreshError: Error, CustomStringConvertible, Sendable, Equatable {
    /// gzip could not be started to read a compressed log.
    case cannotDecompress(String, String)
    /// A path or glob of `[sources]` matches no file.
    case noMatch(String)
    /// The file has nothing in it.
    case empty(String)
    /// The feed holds no article.
    case emptyFeed(String)

    public var description: String {
        switch self {
        case .cannotDecompress(let path, let reason):
            return "\(path) could not be decompressed (\(reason)); install gzip or remove the file from [sources]."
        case .noMatch(let pattern):
            return "\(pattern) matches no file; check the path in [sources]."
        case .empty(let path):
            return "\(path) is empty."
        case .emptyFeed(let source):
            return "\(source) holds no article."
        }
    }
}
