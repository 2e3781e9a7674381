/// Whether one candidate made the issue, and why.
public struct DigestDecision: Sendable, Equatable {
    /// The candidate and its figures.
    public var candidate: DigestCandidate
    /// What became of it.
    public var outcome: Outcome

    /// What became of a candidate.
    public enum Outcome: Sendable, Equatable {
        /// In the issue at `rank` (1 is the lead); `pinned` when an editor pinned it.
        case chosen(rank: Int, pinned: Bool)
        /// An editor excluded it for the week.
        case excluded
        /// An editor's rule (``ExclusionRule/description``) kept it out.
        case excludedByRule(String)
        /// It appeared in the sent issue named.
        case alreadySent(issue: String)
        /// It was published before the lookback or after the week (or, without page views, outside the week).
        case outsideWindow
        /// It had fewer visitors in the week than `[digest] min_visitors`.
        case tooFewVisitors
        /// The issue already held `[digest] max_per_category` articles of this category.
        case categoryCap(String)
        /// The issue was full (`[digest] articles`).
        case overLimit
        /// A topic section's candidate that is already in the issue's main block.
        case inMainBlock
        /// A topic section's candidate that the topic does not cover (by category or path).
        case notInTopic
    }

    /// Creates a decision.
    public init(candidate: DigestCandidate, outcome: Outcome) {
        self.candidate = candidate
        self.outcome = outcome
    }

    /// Whether the candidate is in the issue.
    public var isChosen: Bool {
        if case .chosen = outcome { return true }
        return false
    }

    /// A short reason, for `bulletin digest show`: "rank 2", "pinned, rank 1", "excluded by an editor"…
    public var reason: String {
        switch outcome {
        case .chosen(let rank, let pinned): pinned ? "pinned, rank \(rank)" : "rank \(rank)"
        case .excluded: "excluded by an editor"
        case .excludedByRule(let rule): "excluded by the rule \(rule)"
        case .alreadySent(let issue): "already sent in \(issue)"
        case .outsideWindow: "published outside the week and its lookback"
        case .tooFewVisitors: "too few visitors"
        case .categoryCap(let category): "category cap reached (\(category))"
        case .overLimit: "issue full"
        case .inMainBlock: "in the main block"
        case .notInTopic: "not in the topic"
        }
    }
}
