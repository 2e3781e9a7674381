import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

/// Composing and previewing an issue in-process, from a real SQLite file.
@Suite struct ComposeIssueTests {
    @Test func composesTheWeeksNewestArticlesWhenNoViewsWereImported() throws {
        let site = try SendSite(subscribers: [])
        let plan = try DigestPlan.load(site.environment, week: site.week)
        #expect(plan.selection.usedNewestFallback)
        #expect(plan.selection.isIssue)
        let issue = try #require(
            try ComposeIssue(site.environment)(
                week: site.week, database: try site.environment.openDatabase(), now: site.environment.now()))
        #expect(issue.week == SendSite.weekName)
        #expect(issue.number == plan.issue.number)
        #expect(issue.articles == plan.selection.chosen.map(\.article.url))
        #expect(issue.articles.allSatisfy { $0.hasPrefix("https://example.org/news/story-") })
    }

    @Test func aWeekWithoutArticlesHasNoIssue() throws {
        let site = try SendSite(subscribers: [])
        let empty = IssueWeek(
            try #require(ISOWeek("2026-W40")), timeZone: site.environment.configuration.digest.timeZone)
        #expect(
            try ComposeIssue(site.environment)(
                week: empty, database: try site.environment.openDatabase(), now: site.environment.now()) == nil)
        guard case .noIssue(let reason) = try PreviewIssue(site.environment).run(week: empty, for: nil) else {
            Issue.record("a week without articles has no issue")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func previewsForAnUnnamedReaderAndForASubscriber() throws {
        let site = try SendSite(subscribers: ["dana@example.org"])
        let preview = PreviewIssue(site.environment)
        guard case .issue(let anonymous) = try preview.run(week: site.week, for: nil) else {
            Issue.record("the week has an issue")
            return
        }
        #expect(anonymous.subscriber == nil)
        #expect(anonymous.text.contains("Story number"))
        #expect(anonymous.html.contains("Story number"))
        guard case .issue(let personal) = try preview.run(week: site.week, for: "dana@example.org") else {
            Issue.record("the week has an issue")
            return
        }
        #expect(personal.subscriber?.email == "dana@example.org")
        let message = String(decoding: try preview.message(personal), as: UTF8.self)
        #expect(message.contains("To: dana@example.org") || message.contains("<dana@example.org>"))
        #expect(message.contains("/unsubscribe?token="))
        #expect(throws: PreviewError.unknownSubscriber("nobody@example.org")) {
            try preview.run(week: site.week, for: "nobody@example.org")
        }
    }

    @Test func anExcludedArticleLeavesTheIssueUntilTheExclusionIsCleared() throws {
        let site = try SendSite(subscribers: [])
        let steering = try SteerDigest(site.environment)
        #expect(try steering.article(url: "https://example.org/news/nothing") == nil)
        let lead = try #require(try DigestPlan.load(site.environment, week: site.week).selection.chosen.first)
        let stored = try #require(try steering.article(url: lead.article.path))
        try steering.steer(.exclude, stored, week: site.week)
        let without = try DigestPlan.load(site.environment, week: site.week).selection.chosen.map(\.article.url)
        #expect(!without.contains(lead.article.url))
        #expect(try steering.clear(stored, week: site.week))
        #expect(try !steering.clear(stored, week: site.week))
        let again = try DigestPlan.load(site.environment, week: site.week).selection.chosen.first
        #expect(again?.article.url == lead.article.url)
    }
}
