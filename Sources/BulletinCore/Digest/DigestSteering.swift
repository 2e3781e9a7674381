/// What editors asked for one week: articles to put first, and articles to keep out.
public struct DigestSteering: Sendable, Equatable {
    /// Canonical URLs to put first, in the order they were pinned.
    public var pinned: [String]
    /// Canonical URLs to leave out.
    public var excluded: Set<String>
    /// The lasting rules and the week's path-prefix rules (`digest exclude --always`, `--path-prefix`).
    public var rules: [ExclusionRule]

    /// Creates steering; empty by default.
    public init(pinned: [String] = [], excluded: Set<String> = [], rules: [ExclusionRule] = []) {
        self.pinned = pinned
        self.excluded = excluded
        self.rules = rules
    }

    /// The first rule that keeps the article at `url` out; nil when none does.
    public func rule(excluding url: String) -> ExclusionRule? {
        rules.first { $0.matches(url: url) }
    }
}
