/// The articles of one issue, and what became of every candidate.
public struct DigestSelection: Sendable, Equatable {
    /// The week.
    public var week: IssueWeek
    /// Every candidate, chosen ones first in issue order, then the others in ranking order.
    public var decisions: [DigestDecision]
    /// True when the week had no page views at all, so the newest articles of the week were taken.
    public var usedNewestFallback: Bool
    /// The fewest articles an issue needs (`[digest] min_articles`).
    public var minArticles: Int

    /// Creates a selection.
    public init(week: IssueWeek, decisions: [DigestDecision], usedNewestFallback: Bool, minArticles: Int) {
        self.week = week
        self.decisions = decisions
        self.usedNewestFallback = usedNewestFallback
        self.minArticles = minArticles
    }

    /// The issue's articles, lead first.
    public var chosen: [DigestCandidate] { decisions.filter(\.isChosen).map(\.candidate) }

    /// Whether there is an issue this week: at least `minArticles` articles were chosen.
    public var isIssue: Bool { chosen.count >= minArticles && !chosen.isEmpty }

    /// One sentence on why there is no issue, or nil when there is one.
    public var noIssueReason: String? {
        guard !isIssue else { return nil }
        let count = chosen.count
        return "There is no issue for \(week): only \(count) article\(count == 1 ? "" : "s") qualified and "
            + "[digest] min_articles is \(minArticles)."
    }
}
