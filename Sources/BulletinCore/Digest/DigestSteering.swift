/// What editors asked for one week: articles to put first, and articles to keep out.
public struct DigestSteering: Sendable, Equatable {
    /// Canonical URLs to put first, in the order they were pinned.
    public var pinned: [String]
    /// Canonical URLs to leave out.
    public var excluded: Set<String>

    /// Creates steering; empty by default.
    public init(pinned: [String] = [], excluded: Set<String> = []) {
        self.pinned = pinned
        self.excluded = excluded
    }
}
