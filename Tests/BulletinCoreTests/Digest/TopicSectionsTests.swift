import Foundation
import Testing

@testable import BulletinCore

/// Topic sections: chosen once per issue from the same ranking, rendered once, spliced per reader.
struct TopicSectionsTests {
    static let topics = [
        Topic(name: "kazakhstan", label: "Kazakhstan", categories: ["kazakhstan"]),
        Topic(name: "economy", label: "Economy", categories: ["Economy"]),
        Topic(name: "georgia", label: "Georgia & the Caucasus", categories: ["Georgia"]),
        Topic(name: "central-asia", label: "Central Asia", paths: ["/uzbekistan-", "/tajik"]),
    ]

    /// The fixture's four articles fill the main block; these compete for the sections.
    static let extra: [DigestCandidate] = [
        candidate("kazakhstan-oil-exports", "Kazakhstan's oil exports hit a record", ["Kazakhstan", "Economy"], 640),
        candidate("almaty-metro-line-two", "Almaty opens its second metro line", ["Kazakhstan"], 610),
        candidate("astana-budget-2027", "Astana's budget for 2027", ["Kazakhstan", "Economy"], 580),
        candidate("kazakhstan-grain-harvest", "A record grain harvest", ["Kazakhstan"], 560),
        candidate("kazakhstan-old-story", "Sent last week", ["Kazakhstan"], 900),
        candidate("georgia-wine-harvest", "Georgia's wine harvest", ["Georgia"], 450),
        candidate("georgia-few-readers", "Few readers", ["Georgia"], 3),
        candidate("tajikistan-rogun-dam", "Rogun dam's second turbine", ["Tajikistan"], 300),
        candidate("armenia-elections", "Armenia's elections", ["Armenia"], 700),
    ]

    static func candidate(_ slug: String, _ title: String, _ categories: [String], _ visitors: Int) -> DigestCandidate {
        DigestCandidate(
            article: DigestFixture.article(
                slug, title: title, authors: ["Desk"], published: "2026-11-19T08:00:00Z",
                summary: "About \(title.lowercased()).", categories: categories, image: nil),
            visitors: visitors, views: visitors + 10)
    }

    static var input: DigestSelector.Input {
        var rules = DigestRules.defaults
        rules.articles = 4
        rules.minVisitors = 10
        return DigestSelector.Input(
            week: DigestFixture.week, candidates: DigestFixture.candidates + extra, weekHasPageViews: true,
            sentBefore: ["https://eurasia.example.org/kazakhstan-old-story": "2026-W46"], steering: DigestSteering(),
            rules: rules)
    }

    static var issue: DigestIssue {
        let selection = DigestSelector.select(input)
        return DigestIssue(
            selection: selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org",
            number: 12, utmTags: true,
            sections: DigestSection.select(input, main: selection, topics: topics, perTopic: 3))
    }

    @Test func sectionsFollowTheRankingAndNeverRepeatTheMainBlockOrAnEarlierIssue() throws {
        let selection = DigestSelector.select(Self.input)
        let main = Set(selection.chosen.map(\.article.url))
        #expect(main.count == 4)
        let all = DigestSection.all(Self.input, main: selection, topics: Self.topics, perTopic: 3)
        let chosen = Dictionary(uniqueKeysWithValues: all.map { ($0.topic.name, $0.chosen.map(\.article.guid)) })
        #expect(chosen["kazakhstan"] == ["kazakhstan-oil-exports", "almaty-metro-line-two", "astana-budget-2027"])
        #expect(chosen["economy"] == ["kazakhstan-oil-exports", "astana-budget-2027"])
        #expect(chosen["georgia"] == ["georgia-wine-harvest"])
        #expect(chosen["central-asia"] == ["tajikistan-rogun-dam"])
        for section in all {
            for article in section.chosen {
                #expect(!main.contains(article.article.url))
                #expect(article.article.guid != "kazakhstan-old-story")
            }
        }
        let kazakhstan = try #require(all.first)
        let outcome = { (guid: String) in
            kazakhstan.decisions.first { $0.candidate.article.guid == guid }?.outcome
        }
        #expect(outcome("kazakhstan-power-grid-winter") == .inMainBlock)
        #expect(outcome("kazakhstan-old-story") == .alreadySent(issue: "2026-W46"))
        #expect(outcome("kazakhstan-grain-harvest") == .overLimit)
        #expect(outcome("armenia-elections") == .notInTopic)
        let georgia = all[2]
        #expect(
            georgia.decisions.first { $0.candidate.article.guid == "georgia-few-readers" }?.outcome == .tooFewVisitors)
        // A topic with nothing new has no section; without [topics] or with per_topic = 0, none at all.
        let empty = Topic(name: "mongolia", categories: ["Mongolia"])
        #expect(DigestSection.select(Self.input, main: selection, topics: [empty], perTopic: 3).isEmpty)
        #expect(DigestSection.select(Self.input, main: selection, topics: Self.topics, perTopic: 0).isEmpty)
        #expect(DigestSection.select(Self.input, main: selection, topics: [], perTopic: 3).isEmpty)
    }

    @Test func aReaderWithoutTopicsGetsTheIssueWithoutSectionsByteForByte() throws {
        let renderer = try DigestRenderer(templates: .stock)
        let rendered = try renderer.render(Self.issue)
        #expect(rendered.sections.map(\.topic) == ["kazakhstan", "economy", "georgia", "central-asia"])
        let plain = rendered.forReader(topics: [])
        try Snapshot.expect(plain.html.filled(DigestFixture.reader), matches: "digest.html")
        try Snapshot.expect(plain.text.filled(DigestFixture.reader), matches: "digest.txt")
        // Topics the issue has no section for change nothing either.
        #expect(
            rendered.forReader(topics: ["mongolia"]).html.filled(DigestFixture.reader)
                == plain.html.filled(
                    DigestFixture.reader))
    }

    @Test func oneAndThreeTopicsMatchTheGoldenFiles() throws {
        let rendered = try DigestRenderer(templates: .stock).render(Self.issue)
        let one = rendered.forReader(topics: ["georgia"])
        try Snapshot.expect(one.html.filled(DigestFixture.reader), matches: "digest-topics-1.html")
        try Snapshot.expect(one.text.filled(DigestFixture.reader), matches: "digest-topics-1.txt")
        // The table's order, whatever the reader's.
        let three = rendered.forReader(topics: ["central-asia", "kazakhstan", "georgia"])
        let html = three.html.filled(DigestFixture.reader)
        try Snapshot.expect(html, matches: "digest-topics-3.html")
        try Snapshot.expect(three.text.filled(DigestFixture.reader), matches: "digest-topics-3.txt")
        let order = ["Kazakhstan</h3>", "Georgia &amp; the Caucasus</h3>", "Central Asia</h3>"].compactMap {
            html.range(of: $0)?.lowerBound
        }
        #expect(order.count == 3 && order == order.sorted())
        #expect(html.contains("href=\"https://eurasia.example.org/unsubscribe?token=abc&amp;x=1&amp;topic=georgia\""))
        #expect(html.contains(">Stop receiving Georgia &amp; the Caucasus</a>"))
    }

    @Test func aSectionIsSplicedIntoTheMessageWithoutChangingTheRest() throws {
        let rendered = try DigestRenderer(templates: .stock).render(Self.issue)
        let plainIssue = DigestIssue(
            selection: Self.issue.selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org",
            number: 12, utmTags: true)
        let plain = try DigestRenderer(templates: .stock).render(plainIssue)
        func template(_ digest: RenderedDigest) throws -> MessageTemplate {
            try MessageTemplate(
                settings: MessageFixtures.settings(), subject: digest.subject,
                text: BodyTemplate(digest.text.marked, subtype: .plain),
                html: BodyTemplate(digest.html.marked, subtype: .html), issue: "2026-W47",
                links: try LinkSigner(secret: MessageFixtures.secret),
                sections: digest.sections.map { .init(topic: $0.topic, text: $0.text, html: $0.html) },
                makeBoundary: { "=_bulletin_test" }, makeMessageID: { "\($0.subscriberID).2026-W47@example.org" })
        }
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        var reader = try MessageFixtures.recipient(7, "dana@example.com", "Dana")
        let without = try template(plain).message(for: reader, date: date).bytes
        #expect(try template(rendered).message(for: reader, date: date).bytes == without)
        reader.sections = ["georgia", "kazakhstan"]
        let spliced = try template(rendered).message(for: reader, date: date)
        // The same as a message built from the reader's whole issue rendered in one piece.
        let whole = try template(rendered.forReader(topics: reader.sections)).message(for: reader, date: date)
        #expect(spliced.bytes == whole.bytes)
        #expect(spliced.bytes != without)
    }
}
