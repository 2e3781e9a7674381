import Foundation

/// One topic's section of an issue: up to `[digest] per_topic` of the topic's most-read articles of the week
/// that the main block does not hold, and what became of every candidate.
public struct DigestSection: Sendable, Equatable {
    /// The topic.
    public var topic: Topic
    /// Every candidate of the week, chosen ones first in section order, then the others in ranking order.
    public var decisions: [DigestDecision]

    /// Creates a section.
    public init(topic: Topic, decisions: [DigestDecision]) {
        self.topic = topic
        self.decisions = decisions
    }

    /// The section's articles, in order.
    public var chosen: [DigestCandidate] { decisions.filter(\.isChosen).map(\.candidate) }

    /// Selects one section per topic, in the table's order, leaving out topics with nothing new.
    ///
    /// A topic's candidates are the week's candidates it covers that are not in `main`'s chosen articles,
    /// ranked by the rules of ``DigestSelector`` (window, lookback, minimum visitors, exclusions, earlier
    /// issues, `max_per_category`) with `perTopic` as the size; pins belong to the main block only.
    public static func select(
        _ input: DigestSelector.Input, main: DigestSelection, topics: [Topic], perTopic: Int
    ) -> [DigestSection] {
        all(input, main: main, topics: topics, perTopic: perTopic).filter { !$0.chosen.isEmpty }
    }

    /// Like ``select(_:main:topics:perTopic:)`` but keeps empty sections, for `digest show --topic`.
    public static func all(
        _ input: DigestSelector.Input, main: DigestSelection, topics: [Topic], perTopic: Int
    ) -> [DigestSection] {
        guard perTopic > 0, main.isIssue else {
            return topics.map { DigestSection(topic: $0, decisions: []) }
        }
        let inMain = Set(main.chosen.map(\.article.url))
        return topics.map { topic in
            var skipped: [DigestDecision] = []
            var covered: [DigestCandidate] = []
            var seen = Set<String>()
            for candidate in input.candidates where seen.insert(candidate.article.url).inserted {
                let url = URL(string: candidate.article.url) ?? URL(fileURLWithPath: "/")
                if !topic.covers(categories: candidate.article.categories, url: url) {
                    skipped.append(DigestDecision(candidate: candidate, outcome: .notInTopic))
                } else if inMain.contains(candidate.article.url) {
                    skipped.append(DigestDecision(candidate: candidate, outcome: .inMainBlock))
                } else {
                    covered.append(candidate)
                }
            }
            var rules = input.rules
            rules.articles = perTopic
            rules.minArticles = 0
            var sectionInput = input
            sectionInput.candidates = covered
            sectionInput.rules = rules
            sectionInput.steering = DigestSteering(
                pinned: [], excluded: input.steering.excluded, rules: input.steering.rules)
            let selection = DigestSelector.select(sectionInput)
            let inMainSkipped = skipped.filter { $0.outcome == .inMainBlock }
                .sorted { DigestSelector.ranksHigher($0.candidate, $1.candidate) }
            let outside = skipped.filter { $0.outcome == .notInTopic }
                .sorted { DigestSelector.ranksHigher($0.candidate, $1.candidate) }
            return DigestSection(topic: topic, decisions: selection.decisions + inMainSkipped + outside)
        }
    }
}
