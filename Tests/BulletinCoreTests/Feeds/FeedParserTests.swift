import BulletinCore
import Foundation
import Testing

/// Hand-written edge cases of the feed parser; whole feeds are in ``FeedFixtureTests`` and ``RealWorldFeedTests``.
@Suite struct FeedParserTests {
    @Test func reportsMalformedXMLWithLineAndColumn() throws {
        let xml = """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>T</title>
            <item><title>A</title><link>https://example.org/a</link></itm>
            </channel></rss>
            """
        let error = try #require(throws: FeedError.self) { try FeedParser.parse(Data(xml.utf8), source: "bad.xml") }
        #expect(error.line == 3)
        #expect(error.column > 1)
        #expect(error.description.hasPrefix("bad.xml:3:"))
        guard case .malformed = error.problem else {
            Issue.record("expected malformed, got \(error.problem)")
            return
        }
    }

    @Test func reportsHTMLEntityAsMalformed() throws {
        let xml = "<rss><channel><item><title>A&nbsp;B</title></item></channel></rss>"
        let error = try #require(throws: FeedError.self) { try FeedParser.parse(Data(xml.utf8), source: "x") }
        #expect(error.description.contains("&nbsp;"))
    }

    @Test func rejectsOtherXML() throws {
        let error = try #require(throws: FeedError.self) {
            try FeedParser.parse(Data("<html><body/></html>".utf8), source: "page.html")
        }
        guard case .unknownFormat = error.problem else {
            Issue.record("expected unknownFormat, got \(error.problem)")
            return
        }
    }

    @Test func resolvesRelativeLinksAndStripsTracking() throws {
        let xml = """
            <rss version="2.0"><channel><title>Site</title><link>https://Example.ORG/</link>
            <item><title>One &amp;amp; two</title><link>/news/one?utm_source=rss&amp;id=7#comments</link>
            <pubDate>Mon, 23 Nov 2026 07:00:00 +0100</pubDate></item>
            <item><title>Two</title><link>news/two?fbclid=abc</link><pubDate>23 Nov 2026 08:00 GMT</pubDate></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(Data(xml.utf8), source: "x")
        #expect(feed.articles.map(\.url) == ["https://example.org/news/one?id=7", "https://example.org/news/two"])
        #expect(feed.articles[0].title == "One & two")
        #expect(Timestamp.format(feed.articles[0].published) == "2026-11-23T06:00:00Z")
    }

    @Test func keepsFirstOfDuplicateGUIDsAndSkipsUndatable() throws {
        let xml = """
            <rss version="2.0"><channel><link>https://example.org</link>
            <item><guid>g1</guid><link>https://example.org/a</link><pubDate>2026-11-20T10:00:00Z</pubDate></item>
            <item><guid>g1</guid><link>https://example.org/b</link><pubDate>2026-11-21T10:00:00Z</pubDate></item>
            <item><guid>g2</guid><link>https://example.org/c</link><pubDate>sometime soon</pubDate></item>
            <item><guid>g3</guid><link>https://example.org/a#again</link><pubDate>2026-11-22</pubDate></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(Data(xml.utf8), source: "x")
        #expect(feed.articles.map(\.url) == ["https://example.org/a"])
        #expect(feed.warnings.count == 3)
        #expect(feed.warnings[0].contains("repeats the guid"))
        #expect(feed.warnings[1].contains("cannot be read"))
        #expect(feed.warnings[2].contains("repeats the link"))
    }

    @Test func readsAtomXHTMLAndAuthors() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><link href="https://example.org/"/>
            <entry><id>tag:1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title>
            <link rel="alternate" href="/posts/1"/><updated>2026-11-23T07:00:00.5+05:00</updated>
            <author><name>Ann</name></author><author><name>Bo</name></author><category term="politics"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">Hi <em>there</em></p><script>alert(1)</script></div></content>
            </entry></feed>
            """
        let feed = try FeedParser.parse(
            Data(xml.utf8), source: "x", documentURL: URL(string: "https://example.org/feed.atom"))
        let article = try #require(feed.articles.first)
        #expect(article.title == "Bold move")
        #expect(article.url == "https://example.org/posts/1")
        #expect(article.authors == ["Ann", "Bo"])
        #expect(article.categories == ["politics"])
        #expect(article.summaryHTML == "<p>Hi <em>there</em></p>")
        #expect(article.summaryText == "Hi there")
        #expect(Timestamp.format(article.published) == "2026-11-23T02:00:00Z")
    }

    @Test func readsJSONFeed() throws {
        let json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://example.org/",
             "items":[{"id":1,"url":"/a","title":"A","content_html":"<p>x</p><iframe src=y></iframe>",
                       "date_published":"2026-11-23T07:00:00Z","authors":[{"name":"Ann"}],"tags":["t"],
                       "image":"https://example.org/i.png"},
                      {"id":"2","title":"no link","date_published":"2026-11-23T07:00:00Z"}]}
            """
        let feed = try FeedParser.parse(Data(json.utf8), source: "j")
        #expect(feed.format == .jsonFeed)
        let article = try #require(feed.articles.first)
        #expect(article.url == "https://example.org/a")
        #expect(article.guid == "1")
        #expect(article.summaryHTML == "<p>x</p>")
        #expect(article.imageURL == "https://example.org/i.png")
        #expect(feed.warnings.count == 1)
    }

    @Test func reportsMalformedJSONPosition() throws {
        let json = "{\"items\": [\n  {\"id\": 1,,}\n]}"
        let error = try #require(throws: FeedError.self) { try FeedParser.parse(Data(json.utf8), source: "j") }
        #expect(error.line == 2)
    }
}
