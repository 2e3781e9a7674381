import Foundation
import Testing

@testable import BulletinCore

/// What real feeds do to summaries and images, and what an issue shows of them.
@Suite("Feed quality: images, summaries")
struct FeedQualityTests {
    static func rss(_ item: String) -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><title>Site</title><link>https://example.org/</link>
            <item><title>Story</title><link>https://example.org/story</link>
            <pubDate>Tue, 17 Nov 2026 09:00:00 GMT</pubDate>\(item)</item>
            </channel></rss>
            """.utf8)
    }

    static func article(_ item: String) throws -> Article {
        try #require(try FeedParser.parse(rss(item), source: "feed.xml").articles.first)
    }

    @Test func theWidestImageOfferedIsTakenWhateverItsPlace() throws {
        let article = try Self.article(
            """
            <media:thumbnail url="https://example.org/thumb.jpg" width="140" height="84"/>
            <media:content url="https://example.org/large.jpg" medium="image" width="1200" height="720"/>
            <media:content url="https://example.org/medium.jpg" medium="image" width="600" height="360"/>
            """)
        #expect(article.imageURL == "https://example.org/large.jpg")
    }

    @Test func withoutWidthsTheLargestFileIsTaken() throws {
        let article = try Self.article(
            """
            <enclosure url="https://example.org/small.jpg" type="image/jpeg" length="12000"/>
            <enclosure url="https://example.org/big.jpg" type="image/jpeg" length="480000"/>
            """)
        #expect(article.imageURL == "https://example.org/big.jpg")
    }

    @Test func summariesKeepTheirParagraphsAndLoseTheBlogsTrailingLines() throws {
        let article = try Self.article(
            """
            <description><![CDATA[<p>The grid is old.</p><p>Winter is coming early.</p>\
            <p><a href="https://example.org/story">Continue reading →</a></p>\
            <p>The post <a href="https://example.org/story">Story</a> appeared first on Site.</p>]]></description>
            """)
        #expect(article.summaryText == "The grid is old.\n\nWinter is coming early.")
        #expect(SummaryText.paragraphs(article.summaryText) == ["The grid is old.", "Winter is coming early."])
    }

    @Test(arguments: [
        ("<p>Prices rose again. Read more…</p>", "Prices rose again."),
        (
            "<p>Prices rose again. <a href=\"x\">Continue reading <span>\"Prices\"</span> &rarr;</a></p>",
            "Prices rose again."
        ),
        ("<p>Prices rose.</p><p>Related: Inflation in Almaty</p>", "Prices rose."),
        ("<p>Read more about how we read more.</p>", "Read more about how we read more."),
    ])
    func trailingLinksGo(html: String, text: String) {
        #expect(SummaryText.of(html: html, limit: 400) == text)
    }

    @Test func anIssueNamesTwoCategoriesAndShowsParagraphsApart() throws {
        var article = try Self.article("<description><![CDATA[<p>One.</p><p>Two.</p>]]></description>")
        article.categories = ["Kazakhstan", "Energy", "Winter", "Grid", "Economy"]
        let candidate = DigestCandidate(article: article, visitors: 5, views: 5)
        let selection = DigestSelection(
            week: IssueWeek(ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: .gmt),
            decisions: [DigestDecision(candidate: candidate, outcome: .chosen(rank: 1, pinned: false))],
            usedNewestFallback: false, minArticles: 1)
        let issue = DigestIssue(
            selection: selection, newsletterName: "Weekly", siteURL: "https://example.org", number: 1, utmTags: false)
        let fields = DigestContext.article(candidate, rank: 1, issue: issue, zone: .gmt)
        #expect(fields["categories_text"] as? String == "Kazakhstan · Energy")
        #expect(fields["summary_wrapped"] as? String == "One.\n\nTwo.")
        #expect(fields["summary"] as? String == "One. Two.")
    }
}

@Suite("Image widths")
struct ImageWidthTests {
    @Test func theWidthOfTheChosenImageIsKeptAndCapsItsDisplay() throws {
        let small = try FeedQualityTests.article(
            "<media:content url=\"https://example.org/small.jpg\" medium=\"image\" width=\"300\"/>")
        #expect(small.imageWidth == 300)
        let unknown = try FeedQualityTests.article(
            "<enclosure url=\"https://example.org/x.jpg\" type=\"image/jpeg\" length=\"100\"/>")
        #expect(unknown.imageWidth == nil)
    }
}
