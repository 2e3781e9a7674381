/// A refresh that cannot go on, or whose outcome stops what depends on it.
public enum RefreshSourcesError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration has no `[sources]` section, or lists nothing in it.
    case noSources(file: String)
    /// There are feeds and not one could be read.
    case everyFeedFailed(count: Int)

    public var description: String {
        switch self {
        case .noSources(let file):
            return "\(file) lists no sources; add a [sources] section with feeds, logs or analytics."
        case .everyFeedFailed(let count):
            return count == 1
                ? "The only feed of [sources] could not be read; its warning above says why."
                : "None of the \(count) feeds of [sources] could be read; their warnings above say why."
        }
    }
}
