import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// Topic sections sent for real: a site with `[topics]`, readers with different topics, the aiosmtpd server.
@Suite(.serialized) struct TopicSendTests {
    /// The site with three articles in the main block (the newest, as there are no page views), `[topics]`
    /// whose sections take the others, and ann (no topics), bob (six) and cem (news, six, one).
    private func site(relayPort: Int) throws -> (SendSite, AppEnvironment) {
        let site = try SendSite(subscribers: [], relayPort: relayPort)
        _ = try site.configure("digest", "articles = 3\nper_topic = 2")
        let environment = try site.configure(
            "topics",
            """
            news = { label = "All the news", categories = ["NEWS"] }
            six = { label = "Story six", paths = ["/news/story-6"] }
            one = { label = "Story one", paths = ["/news/story-1"] }
            """)
        let store = try environment.subscriberStore()
        let now = environment.now()
        for (address, topics) in [
            ("ann@example.org", []), ("bob@example.net", ["six"]), ("cem@example.com", ["one", "six", "news"]),
        ] {
            _ = try store.add(
                email: try EmailAddress(address), name: "", topics: topics, attributes: [:], status: .active,
                source: "test", at: now)
        }
        return (site, environment)
    }

    private func bodies(_ relay: AiosmtpdServer) throws -> [String: String] {
        var bodies: [String: String] = [:]
        for message in try relay.stats().messages {
            let raw = Array((message.content ?? "").utf8)
            bodies[message.to.first ?? ""] = String(decoding: MIMEText.decodeQuotedPrintable(raw), as: UTF8.self)
        }
        return bodies
    }

    @Test func eachReaderGetsTheSectionsOfTheirTopicsAndAReaderWithoutTopicsTheIssueAsBefore() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let (site, environment) = try site(relayPort: relay.port)
        let report = try await SendIssue(environment).run(week: site.week)
        #expect(report.summary?.sent == 3)
        let frozen = try #require(try site.ledger().issue(week: SendSite.weekName))
        #expect(frozen.sections.map(\.topic) == ["news", "six"])
        #expect(
            frozen.sections.map(\.articles) == [
                ["https://example.org/news/story-4", "https://example.org/news/story-5"],
                ["https://example.org/news/story-6"],
            ])
        let bodies = try bodies(relay)
        let ann = try #require(bodies["ann@example.org"])
        let bob = try #require(bodies["bob@example.net"])
        let cem = try #require(bodies["cem@example.com"])
        #expect(!ann.contains("Stop receiving") && !ann.contains("story-4") && !ann.contains("&topic="))
        #expect(!bob.contains("All the news") && bob.contains("Stop receiving Story six"))
        #expect(bob.contains("story-6") && !bob.contains("story-4"))
        #expect(bob.contains("/unsubscribe?token=") && bob.contains("&amp;topic=six\""))
        #expect(cem.contains("Stop receiving All the news") && cem.contains("Stop receiving Story six"))
        #expect(!cem.contains("Story one</h3>"))
        let news = try #require(cem.range(of: "All the news</h3>")?.lowerBound)
        let six = try #require(cem.range(of: "Story six</h3>")?.lowerBound)
        #expect(news < six)
        // The stop link is the reader's own unsubscribe link with the topic; List-Unsubscribe stays whole.
        let link = try #require(bob.firstMatch(of: /Stop receiving Story six: (\S+)/)).output.1
        #expect(link.hasSuffix("&topic=six") && link.contains("/unsubscribe?token="))
        let header = try #require(bob.firstMatch(of: /List-Unsubscribe:\s*<([^>]+)>/)).output.1
        #expect(link == header + "&topic=six")

        // ann's message is what the same issue without [topics] sends her: the same parts.
        let composed = try #require(
            try ComposeIssue(environment).composed(week: site.week, database: try environment.openDatabase()))
        var withoutSections = composed.plan.issue
        withoutSections.sections = []
        let plainIssue = try composed.plan.renderer().render(withoutSections)
        #expect(plainIssue.sections.isEmpty)
        #expect(frozen.rendered.forReader(topics: []).html.marked == plainIssue.html.marked)
        #expect(frozen.rendered.forReader(topics: []).text.marked == plainIssue.text.marked)

        // The sections' articles are history too: the next week's issue repeats none of them.
        let sent = try SQLiteDigestStore(database: try environment.openDatabase()).sentArticles(before: "2026-W48")
        #expect(sent["https://example.org/news/story-5"] == SendSite.weekName)
        #expect(sent["https://example.org/news/story-6"] == SendSite.weekName)
    }

    @Test func aResumedSendKeepsTheFrozenSectionsWhateverChangedSince() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let (site, environment) = try site(relayPort: relay.port)
        let first = try await SendIssue(environment, options: .init(limit: 1)).run(week: site.week)
        #expect(first.summary?.sent == 1)
        let frozen = try #require(try site.ledger().issue(week: SendSite.weekName))
        // A newer article of the week and page views for it arrive: a new selection would change the sections.
        let database = try environment.openDatabase()
        let now = environment.now()
        let late = Article(
            url: "https://example.org/news/story-late", guid: "story-late", title: "A late story",
            authors: ["Desk"], published: now.addingTimeInterval(-2.8 * 86_400), updated: nil,
            summaryText: "Late.", summaryHTML: "<p>Late.</p>", categories: ["news"], imageURL: nil)
        _ = try SQLiteArticleStore(database: database).save(
            [ArticleBatch(feed: "test", articles: [late], validators: nil)], at: now)
        let fresh = try #require(
            try ComposeIssue(environment).composed(week: site.week, database: database))
        #expect(fresh.rendered.sections.map(\.articles) != frozen.sections.map(\.articles))

        let second = try await SendIssue(environment).run(week: site.week)
        #expect(second.summary?.sent == 2)
        #expect(try site.ledger().issue(week: SendSite.weekName)?.sections == frozen.sections)
        let cem = try #require(try bodies(relay)["cem@example.com"])
        #expect(!cem.contains("story-late"))
        #expect(cem.contains("story-4") && cem.contains("story-5") && cem.contains("story-6"))
    }

    @Test func anIssueFrozenBeforeSectionsExistedSendsAsBefore() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let (site, environment) = try site(relayPort: relay.port)
        let first = try await SendIssue(environment, options: .init(limit: 1)).run(week: site.week)
        #expect(first.summary?.sent == 1)
        // What an issue frozen by an earlier Bulletin looks like: no sections, no marker in its parts.
        let database = try environment.openDatabase()
        let frozen = try #require(try site.ledger().issue(week: SendSite.weekName))
        let marker = PersonalSlot.marker(PersonalSlot.sections)
        try database.run(
            "UPDATE issues SET sections = NULL, text_part = ?1, html_part = ?2 WHERE week = ?3",
            [
                .text(frozen.textPart.replacingOccurrences(of: marker, with: "")),
                .text(frozen.htmlPart.replacingOccurrences(of: marker, with: "")), .text(SendSite.weekName),
            ])
        #expect(try site.ledger().issue(week: SendSite.weekName)?.sections == [])
        let second = try await SendIssue(environment).run(week: site.week)
        #expect(second.summary?.sent == 2)
        let bodies = try bodies(relay)
        let cem = try #require(bodies["cem@example.com"])
        #expect(!cem.contains("Stop receiving") && !cem.contains("story-4"))
        #expect(cem.contains("story-1") && !cem.contains("\u{E000}"))
    }
}
