import Foundation
import Testing

@testable import BulletinCore

/// A week's worth of hand-made candidates.
private enum Fixture {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    // 2026-W47: Monday 2026-11-16 to Sunday 2026-11-22.
    static let week = IssueWeek(ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: utc)

    static func date(_ text: String) -> Date { Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0) }

    static func candidate(
        _ slug: String, published: String = "2026-11-17T09:00:00Z", visitors: Int, views: Int? = nil,
        categories: [String] = []
    ) -> DigestCandidate {
        let article = Article(
            url: "https://example.org/\(slug)", guid: "", title: slug, authors: [], published: date(published),
            updated: nil, summaryText: "", summaryHTML: "", categories: categories, imageURL: nil)
        return DigestCandidate(article: article, visitors: visitors, views: views ?? visitors)
    }

    static func select(
        _ candidates: [DigestCandidate], hasViews: Bool = true, sent: [String: String] = [:],
        steering: DigestSteering = DigestSteering(), rules: DigestRules = .defaults, week: IssueWeek = week
    ) -> DigestSelection {
        DigestSelector.select(
            DigestSelector.Input(
                week: week, candidates: candidates, weekHasPageViews: hasViews, sentBefore: sent,
                steering: steering, rules: rules))
    }

    static func slugs(_ selection: DigestSelection) -> [String] {
        selection.chosen.map { String($0.article.url.dropFirst("https://example.org/".count)) }
    }
}

@Suite struct DigestSelectorTests {
    @Test func ranksByVisitorsThenViewsThenRecencyThenURL() {
        let selection = Fixture.select([
            Fixture.candidate("b-old", published: "2026-11-16T08:00:00Z", visitors: 5, views: 9),
            Fixture.candidate("most-read", visitors: 40),
            Fixture.candidate("more-views", visitors: 5, views: 12),
            Fixture.candidate("b-new", published: "2026-11-18T08:00:00Z", visitors: 5, views: 9),
            Fixture.candidate("a-new", published: "2026-11-18T08:00:00Z", visitors: 5, views: 9),
        ])
        #expect(Fixture.slugs(selection) == ["most-read", "more-views", "a-new", "b-new", "b-old"])
        #expect(selection.isIssue)
        #expect(!selection.usedNewestFallback)
    }

    @Test func takesAtMostTheConfiguredNumber() {
        var rules = DigestRules.defaults
        rules.articles = 3
        let selection = Fixture.select((1...6).map { Fixture.candidate("a\($0)", visitors: 10 * $0) }, rules: rules)
        #expect(Fixture.slugs(selection) == ["a6", "a5", "a4"])
        #expect(selection.decisions.filter { $0.outcome == .overLimit }.count == 3)
    }

    @Test func leavesOutExcludedAndAlreadySentArticles() {
        let selection = Fixture.select(
            [
                Fixture.candidate("top", visitors: 90), Fixture.candidate("sent", visitors: 80),
                Fixture.candidate("a", visitors: 3), Fixture.candidate("b", visitors: 2),
                Fixture.candidate("c", visitors: 1),
            ],
            sent: ["https://example.org/sent": "2026-W46"],
            steering: DigestSteering(excluded: ["https://example.org/top"]))
        #expect(Fixture.slugs(selection) == ["a", "b", "c"])
        let reasons = Dictionary(
            uniqueKeysWithValues: selection.decisions.map { ($0.candidate.article.title, $0.outcome) })
        #expect(reasons["top"] == .excluded)
        #expect(reasons["sent"] == .alreadySent(issue: "2026-W46"))
    }

    @Test func pinnedArticlesGoFirstInPinOrderWhateverTheirFigures() {
        let selection = Fixture.select(
            [
                Fixture.candidate("popular", visitors: 90), Fixture.candidate("quiet", visitors: 0),
                Fixture.candidate("old", published: "2026-10-01T00:00:00Z", visitors: 0),
                Fixture.candidate("middle", visitors: 20),
            ],
            steering: DigestSteering(pinned: ["https://example.org/old", "https://example.org/quiet"]))
        #expect(Fixture.slugs(selection) == ["old", "quiet", "popular", "middle"])
        #expect(selection.decisions.first?.outcome == .chosen(rank: 1, pinned: true))
    }

    @Test func candidatesNeedTheMinimumVisitorsAndTheWindow() {
        var rules = DigestRules.defaults
        rules.minVisitors = 5
        rules.minArticles = 1
        let selection = Fixture.select(
            [
                Fixture.candidate("enough", visitors: 5), Fixture.candidate("few", visitors: 4),
                Fixture.candidate("lookback", published: "2026-11-09T00:00:00Z", visitors: 9),
                Fixture.candidate("too-old", published: "2026-11-08T23:59:59Z", visitors: 99),
                Fixture.candidate("next-week", published: "2026-11-23T00:00:00Z", visitors: 99),
            ], rules: rules)
        #expect(Fixture.slugs(selection) == ["lookback", "enough"])
        let outcomes = Dictionary(
            uniqueKeysWithValues: selection.decisions.map { ($0.candidate.article.title, $0.outcome) })
        #expect(outcomes["few"] == .tooFewVisitors)
        #expect(outcomes["too-old"] == .outsideWindow)
        #expect(outcomes["next-week"] == .outsideWindow)
    }

    @Test func withoutPageViewsTakesTheNewestArticlesOfTheWeek() {
        let selection = Fixture.select(
            [
                Fixture.candidate("monday", published: "2026-11-16T06:00:00Z", visitors: 0),
                Fixture.candidate("sunday", published: "2026-11-22T20:00:00Z", visitors: 0),
                Fixture.candidate("lookback", published: "2026-11-12T06:00:00Z", visitors: 0),
                Fixture.candidate("wednesday", published: "2026-11-18T06:00:00Z", visitors: 0),
            ], hasViews: false)
        #expect(selection.usedNewestFallback)
        #expect(Fixture.slugs(selection) == ["sunday", "wednesday", "monday"])
    }

    @Test func categoryCapKeepsOneRegionFromFillingTheIssue() {
        var rules = DigestRules.defaults
        rules.maxPerCategory = 2
        let selection = Fixture.select(
            [
                Fixture.candidate("k1", visitors: 50, categories: ["Kazakhstan", "Energy"]),
                Fixture.candidate("k2", visitors: 40, categories: ["kazakhstan"]),
                Fixture.candidate("k3", visitors: 30, categories: ["Kazakhstan"]),
                Fixture.candidate("e1", visitors: 20, categories: ["Energy", "Uzbekistan"]),
                Fixture.candidate("e2", visitors: 10, categories: ["Energy"]),
                Fixture.candidate("g1", visitors: 5, categories: ["Georgia"]),
            ], rules: rules)
        #expect(Fixture.slugs(selection) == ["k1", "k2", "e1", "g1"])
        let capped = selection.decisions.filter {
            if case .categoryCap = $0.outcome { return true }
            return false
        }
        #expect(capped.map(\.candidate.article.title) == ["k3", "e2"])
    }

    @Test func pinsCountTowardTheCategoryCapButAreNeverSkipped() {
        var rules = DigestRules.defaults
        rules.maxPerCategory = 1
        let selection = Fixture.select(
            [
                Fixture.candidate("georgia-top", visitors: 90, categories: ["Georgia"]),
                Fixture.candidate("georgia-pin-1", visitors: 1, categories: ["Georgia"]),
                Fixture.candidate("georgia-pin-2", visitors: 1, categories: ["Georgia"]),
                Fixture.candidate("armenia", visitors: 10, categories: ["Armenia"]),
            ],
            steering: DigestSteering(pinned: ["https://example.org/georgia-pin-1", "https://example.org/georgia-pin-2"]
            ),
            rules: rules)
        #expect(Fixture.slugs(selection) == ["georgia-pin-1", "georgia-pin-2", "armenia"])
    }

    @Test func aPinnedArticleThatWasAlreadySentStaysOut() {
        let selection = Fixture.select(
            [
                Fixture.candidate("a", visitors: 9), Fixture.candidate("b", visitors: 8),
                Fixture.candidate("c", visitors: 7), Fixture.candidate("sent", visitors: 1),
            ],
            sent: ["https://example.org/sent": "2026-W45"],
            steering: DigestSteering(pinned: ["https://example.org/sent"], excluded: []))
        #expect(Fixture.slugs(selection) == ["a", "b", "c"])
    }

    @Test func tooFewArticlesMeansNoIssue() {
        let selection = Fixture.select([Fixture.candidate("one", visitors: 3), Fixture.candidate("two", visitors: 2)])
        #expect(!selection.isIssue)
        #expect(selection.noIssueReason?.contains("only 2 articles") == true)
    }

    @Test func weekBoundariesFollowTheConfiguredTimeZone() throws {
        let almaty = try #require(TimeZone(identifier: "Asia/Almaty"))
        let week = IssueWeek(try #require(ISOWeek("2026-W47")), timeZone: almaty)
        // Almaty is UTC+5: the week starts on Sunday 19:00 UTC.
        #expect(week.start == Fixture.date("2026-11-15T19:00:00Z"))
        #expect(week.end == Fixture.date("2026-11-22T19:00:00Z"))
        var rules = DigestRules.defaults
        rules.minArticles = 1
        rules.lookbackDays = 0
        let selection = Fixture.select(
            [
                Fixture.candidate("sunday-evening-utc", published: "2026-11-15T20:00:00Z", visitors: 1),
                Fixture.candidate("sunday-noon-utc", published: "2026-11-15T12:00:00Z", visitors: 1),
                Fixture.candidate("late-sunday-utc", published: "2026-11-22T20:00:00Z", visitors: 1),
            ], rules: rules, week: week)
        #expect(Fixture.slugs(selection) == ["sunday-evening-utc"])
    }

    @Test(arguments: [
        ("2026-W44", "2026-10-25T23:00:00Z", "2026-11-01T23:00:00Z"),  // the week after summer time ends
        ("2026-W13", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"),  // the week summer time starts
    ])
    func weeksAcrossDaylightSavingChangesStartAtLocalMidnight(week: String, start: String, end: String) throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let issueWeek = IssueWeek(try #require(ISOWeek(week)), timeZone: berlin)
        #expect(issueWeek.start == Fixture.date(start))
        #expect(issueWeek.end == Fixture.date(end))
    }

    @Test(arguments: [
        ("2026-11-23T00:00:00Z", "UTC", "2026-W47"),
        ("2026-11-22T23:59:59Z", "UTC", "2026-W46"),
        ("2026-11-22T20:00:00Z", "Asia/Almaty", "2026-W47"),
        ("2026-01-05T10:00:00Z", "UTC", "2026-W01"),
        ("2026-01-04T10:00:00Z", "UTC", "2025-W52"),
    ])
    func defaultWeekIsTheLastCompleteOne(now: String, zone: String, expected: String) throws {
        let week = IssueWeek.lastComplete(
            before: Fixture.date(now), timeZone: try #require(TimeZone(identifier: zone)))
        #expect(week.description == expected)
    }
}

@Suite("Editors' exclusion rules")
struct ExclusionRuleTests {
    @Test func aPathRuleKeepsEveryArticleUnderItOutButNotAPinnedOne() {
        let rules = [
            ExclusionRule(match: .pathPrefix("/live/"), week: nil, createdAt: Date(timeIntervalSince1970: 0)),
            ExclusionRule(
                match: .url("https://example.org/gone"), week: nil, createdAt: Date(timeIntervalSince1970: 0)),
        ]
        var digestRules = DigestRules.defaults
        digestRules.minArticles = 1
        let selection = Fixture.select(
            [
                Fixture.candidate("live/election", visitors: 99), Fixture.candidate("live/budget", visitors: 98),
                Fixture.candidate("gone", visitors: 97), Fixture.candidate("lively-debate", visitors: 5),
                Fixture.candidate("news", visitors: 10),
            ],
            steering: DigestSteering(pinned: ["https://example.org/live/budget"], rules: rules), rules: digestRules)
        #expect(Fixture.slugs(selection) == ["live/budget", "news", "lively-debate"])
        let outcomes = Dictionary(
            uniqueKeysWithValues: selection.decisions.map { ($0.candidate.article.title, $0.outcome) })
        #expect(outcomes["live/election"] == .excludedByRule("always: path prefix /live/"))
        #expect(outcomes["gone"] == .excludedByRule("always: https://example.org/gone"))
        #expect(
            selection.decisions.first { $0.candidate.article.title == "gone" }?.reason
                == "excluded by the rule always: https://example.org/gone")
    }

    @Test(arguments: [
        ("/live/", "/live/"), ("live", "/live"), ("https://example.org/live/", "/live/"),
        ("/Новости/", "/%D0%9D%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/"),
    ])
    func prefixesAreKeptAsURLPathsCarryThem(text: String, kept: String) {
        #expect(ExclusionRule.normalizedPrefix(text) == kept)
    }
}
