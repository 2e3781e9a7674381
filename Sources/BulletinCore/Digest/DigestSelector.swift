import Foundation

/// Picks an issue's articles from the week's candidates: pure, over plain inputs, so that every rule is testable.
///
/// Rules, in order: an excluded article or one that appeared in an earlier sent issue is left out; a pinned
/// article goes first, in pin order, whatever its figures; the others must have been published in the week or the
/// `lookback_days` before it and have at least `min_visitors` visitors in the week, and are ranked by visitors,
/// then views, then the newest first, then URL. With no page views at all for the week, the newest articles
/// published in the week are taken instead. `max_per_category` skips an article once any of its categories
/// fills up (pins count toward the cap but are never skipped). The first `articles` are the issue.
public enum DigestSelector {
    /// What selection reads.
    public struct Input: Sendable {
        /// The week.
        public var week: IssueWeek
        /// The articles published in the week or its lookback, and every pinned one, with their week figures.
        public var candidates: [DigestCandidate]
        /// Whether any page views at all were recorded for the week.
        public var weekHasPageViews: Bool
        /// Articles that appeared in an earlier sent issue: canonical URL → issue name.
        public var sentBefore: [String: String]
        /// The editors' pins and exclusions for the week.
        public var steering: DigestSteering
        /// The numbers.
        public var rules: DigestRules

        /// Creates the input.
        public init(
            week: IssueWeek, candidates: [DigestCandidate], weekHasPageViews: Bool, sentBefore: [String: String],
            steering: DigestSteering, rules: DigestRules
        ) {
            self.week = week
            self.candidates = candidates
            self.weekHasPageViews = weekHasPageViews
            self.sentBefore = sentBefore
            self.steering = steering
            self.rules = rules
        }
    }

    /// Selects the issue.
    public static func select(_ input: Input) -> DigestSelection {
        let fallback = !input.weekHasPageViews
        let windowStart = fallback ? input.week.start : input.week.lookbackStart(days: input.rules.lookbackDays)
        let windowEnd = input.week.end
        let pinOrder = Dictionary(
            input.steering.pinned.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

        var rejected: [DigestDecision] = []
        var pinned: [DigestCandidate] = []
        var eligible: [DigestCandidate] = []
        var seen = Set<String>()
        for candidate in input.candidates where seen.insert(candidate.article.url).inserted {
            let url = candidate.article.url
            let published = candidate.article.published
            if input.steering.excluded.contains(url) {
                rejected.append(DigestDecision(candidate: candidate, outcome: .excluded))
            } else if let rule = input.steering.rule(excluding: url), pinOrder[url] == nil {
                rejected.append(DigestDecision(candidate: candidate, outcome: .excludedByRule(rule.description)))
            } else if let issue = input.sentBefore[url] {
                rejected.append(DigestDecision(candidate: candidate, outcome: .alreadySent(issue: issue)))
            } else if pinOrder[url] != nil {
                pinned.append(candidate)
            } else if published < windowStart || published >= windowEnd {
                rejected.append(DigestDecision(candidate: candidate, outcome: .outsideWindow))
            } else if !fallback && candidate.visitors < input.rules.minVisitors {
                rejected.append(DigestDecision(candidate: candidate, outcome: .tooFewVisitors))
            } else {
                eligible.append(candidate)
            }
        }
        pinned.sort { (pinOrder[$0.article.url] ?? 0) < (pinOrder[$1.article.url] ?? 0) }
        eligible.sort(by: fallback ? newerFirst : ranksHigher)

        var chosen: [DigestDecision] = []
        var others: [DigestDecision] = []
        var perCategory: [String: Int] = [:]
        let cap = input.rules.maxPerCategory
        for (candidate, isPinned) in pinned.map({ ($0, true) }) + eligible.map({ ($0, false) }) {
            let categories = Set(candidate.article.categories.map { $0.lowercased() })
            if chosen.count >= input.rules.articles {
                others.append(DigestDecision(candidate: candidate, outcome: .overLimit))
                continue
            }
            if !isPinned, cap > 0,
                let full = candidate.article.categories.first(where: { perCategory[$0.lowercased(), default: 0] >= cap }
                )
            {
                others.append(DigestDecision(candidate: candidate, outcome: .categoryCap(full)))
                continue
            }
            for category in categories { perCategory[category, default: 0] += 1 }
            chosen.append(
                DigestDecision(candidate: candidate, outcome: .chosen(rank: chosen.count + 1, pinned: isPinned)))
        }
        rejected.sort { ranksHigher($0.candidate, $1.candidate) }
        return DigestSelection(
            week: input.week, decisions: chosen + others + rejected, usedNewestFallback: fallback,
            minArticles: input.rules.minArticles)
    }

    /// Visitors, then views, then newer, then URL.
    static func ranksHigher(_ a: DigestCandidate, _ b: DigestCandidate) -> Bool {
        if a.visitors != b.visitors { return a.visitors > b.visitors }
        if a.views != b.views { return a.views > b.views }
        return newerFirst(a, b)
    }

    /// Newer, then URL.
    static func newerFirst(_ a: DigestCandidate, _ b: DigestCandidate) -> Bool {
        if a.article.published != b.article.published { return a.article.published > b.article.published }
        return a.article.url < b.article.url
    }
}
