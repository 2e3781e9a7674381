import BulletinTestSupport
import Foundation
import Testing

/// `bulletin refresh` and `send --if-due` with `[sources]`, against the feed test server
/// (Tests/BulletinTestSupport/feed_server.py) and an aiosmtpd relay: output, warnings and exit codes. What a
/// refresh reads of logs and exports is in RefreshSourcesTests, in-process.
@Suite(.serialized) struct RefreshCommandTests {
    /// A feed with one article of 2026-W47, at /fresh-from-the-feed on the demo site.
    private static let feed = """
        <rss version="2.0"><channel><link>https://eurasia.example.org/</link>
        <item><title>Fresh from the feed</title><link>/fresh-from-the-feed</link>
        <pubDate>Fri, 20 Nov 2026 07:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    @Test func refreshWarnsAboutAFailingFeedAndSaysNotModifiedTheSecondTime() throws {
        let site = try Site()
        let server = try FeedTestServer()
        try server.serve(Self.feed, as: "feed.xml")
        let good = server.url("/feed.xml").absoluteString
        let gone = server.url("/gone.xml").absoluteString

        let unset = try site.run("refresh")
        #expect(unset.status == 78)
        #expect(unset.stderr.contains("lists no sources"))

        try ConfigurationFile.add("feeds = [\"\(good)\", \"\(gone)\"]", to: "sources", in: site.folder)
        let first = try site.run("refresh")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("feed \(good): 1 new article, 0 updated"))
        #expect(first.stdout.contains("feed \(gone): failed"))
        #expect(first.stderr.contains("warning: \(gone) answered HTTP 404"))

        let second = try site.run("refresh", "--quiet")
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("warning: \(gone) answered HTTP 404"))
        let json = try site.run("refresh", "--json")
        #expect(json.stdout.contains("\"status\":\"not modified\""))

        // `articles import` with an empty feed among several: a warning, and the others are imported.
        let empty = try site.write("<rss version=\"2.0\"><channel><title>x</title></channel></rss>", to: "empty.xml")
        let other = try site.write(Self.feed.replacingOccurrences(of: "fresh-from", with: "other"), to: "good.xml")
        let mixed = try site.run("articles", "import", empty, other)
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.contains("good.xml (RSS): 1 added"))
        #expect(mixed.stderr.contains("empty.xml"))
        #expect(try site.run("articles", "import", empty).status == 65)
    }

    @Test func everyFeedFailingIsExit69AndTheIssueWaits() throws {
        let relay = try TestRelay()
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings)
        var runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "ann@example.org"]).status == 0)
        let server = try FeedTestServer()
        let gone = server.url("/gone.xml").absoluteString
        try ConfigurationFile.add("feeds = [\"\(gone)\"]", to: "sources", in: site.folder)

        let refresh = try runner.run(["refresh"])
        #expect(refresh.status == 69)
        #expect(refresh.stderr.contains("The only feed of [sources] could not be read"))
        let send = try runner.run(["send", "--if-due", "--quiet"])
        #expect(send.status == 69, "\(send.stderr)")
        #expect(send.stderr.contains("answered HTTP 404"))
        let byHand = try runner.run(["send", "--refresh", "--yes"])
        #expect(byHand.status == 69, "\(byHand.stderr)")
        #expect(try runner.run(["status"]).stdout.hasPrefix("No issue has been sent yet"))

        // Once the feed answers, the issue goes out with its article in it.
        try server.serve(Self.feed, as: "gone.xml")
        let log = site.folder.appendingPathComponent("fresh.log")
        // 300 readers: more than the tenth article of the week has.
        let lines = (0..<300).map { reader in
            "10.9.\(reader / 200).\(reader % 200 + 1) - - [20/Nov/2026:09:00:00 +0000] \"GET /fresh-from-the-feed HTTP/1.1\" 200 512 "
                + "\"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0\"\n"
        }
        try Data(lines.joined().utf8).write(to: log)
        try ConfigurationFile.add("logs = [\"fresh.log\"]", to: "sources", in: site.folder)
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:15:00Z"
        let sent = try runner.run(["send", "--if-due"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("1 new article"))
        let preview = try runner.run(["preview", "--week", "2026-W47"])
        #expect(preview.stdout.contains("Fresh from the feed"), "\(preview.stdout)")

        // A complete issue is not refreshed again: the feed failing now changes nothing.
        try FileManager.default.removeItem(at: server.folder.appendingPathComponent("gone.xml"))
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:30:00Z"
        let later = try runner.run(["send", "--if-due"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(!later.stderr.contains("warning"))
    }
}
