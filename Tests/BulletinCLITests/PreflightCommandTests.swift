import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `bulletin check` and the preflight of `send`, against a web site started by the test on 127.0.0.1: its feed,
/// its article pages, one link answering 404 and one 410.
@Suite(.serialized) struct PreflightCommandTests {
    /// A site whose [newsletter] site_url is the test server, with its feed imported (six articles of 2026-W47,
    /// no page views) and `subscribers` subscribed.
    private func site(_ server: SiteTestServer, subscribers: [String] = []) throws -> (Site, CLIRunner) {
        for page in ["a", "b", "c", "e"] {
            try server.write("<html><body><h1>\(page)</h1></body></html>", to: "\(page).html")
        }
        let links = ["/a.html", "/b.html", "/c.html", "/missing.html", "/gone/d.html", "/no-head/e.html"]
        let items = links.enumerated().map { index, path in
            """
            <item><title>Article \(index + 1)</title><link>\(server.url(path))</link>\
            <pubDate>\(17 + index) Nov 2026 09:00:00 GMT</pubDate></item>
            """
        }
        try server.write(
            "<rss version=\"2.0\"><channel><title>T</title><link>\(server.url("/"))</link>"
                + items.joined() + "</channel></rss>", to: "feed.xml")
        let site = try Site(initialize: false)
        var runner = site.runner
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:00:00Z"
        let initialized = try runner.run(["init", "--site-url", server.url("")])
        guard initialized.status == 0 else { throw Site.SiteError(message: initialized.stderr) }
        let imported = try runner.run(["articles", "import", server.url("/feed.xml")])
        guard imported.status == 0 else { throw Site.SiteError(message: imported.stderr) }
        for address in subscribers {
            let added = try runner.run(["subscribers", "add", address])
            guard added.status == 0 else { throw Site.SiteError(message: added.stderr) }
        }
        return (site, runner)
    }

    @Test func checkListsTheDeadLinksAsBlockingAndExits65() throws {
        let server = try SiteTestServer()
        let (site, runner) = try self.site(server)
        defer { withExtendedLifetime(site) {} }
        let result = try runner.run(["check", "--week", "2026-W47"])
        #expect(result.status == 65, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "2026-W47 (issue #1): 2 blocking, 1 warning")
        #expect(lines.contains("blocking: \(server.url("/missing.html")) answers HTTP 404 (not found) [dead-link]"))
        #expect(lines.contains("blocking: \(server.url("/gone/d.html")) answers HTTP 410 (gone) [dead-link]"))
        #expect(lines.contains { $0.hasPrefix("warning: ") && $0.hasSuffix("[newest-fallback]") })
        #expect(result.stderr.contains("2026-W47's issue has 2 blocking problems"))
        // HEAD first; GET where the server refuses HEAD, and that page is fine.
        let requests = server.requests()
        #expect(requests.contains("HEAD /a.html"))
        #expect(requests.contains("HEAD /no-head/e.html"))
        #expect(requests.contains("GET /no-head/e.html"))
        #expect(!requests.contains("GET /a.html"))
    }

    @Test func checkJSONHasOneObjectPerFinding() throws {
        let server = try SiteTestServer()
        let (site, runner) = try self.site(server)
        defer { withExtendedLifetime(site) {} }
        let result = try runner.run(["check", "--week", "2026-W47", "--json"])
        #expect(result.status == 65)
        let findings = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(findings.count == 3)
        for finding in findings {
            #expect(Set(finding.keys) == ["severity", "check", "message", "url"])
        }
        let dead = try #require(findings.first)
        #expect(dead["severity"] as? String == "blocking")
        #expect(dead["check"] as? String == "dead-link")
        #expect(dead["url"] as? String == server.url("/gone/d.html"))
        let fallback = try #require(findings.last)
        #expect(fallback["severity"] as? String == "warning")
        #expect(fallback["url"] is NSNull)
    }

    @Test func sendRefusesABlockedIssueAndForceSendsIt() throws {
        let server = try SiteTestServer()
        let relay = try TestRelay()
        let (site, runner) = try self.site(server, subscribers: ["ann@example.org", "bob@example.net"])
        defer { withExtendedLifetime(site) {} }
        try site.configure("smtp", relay.smtpSettings)

        let refused = try runner.run(["send", "--yes"])
        #expect(refused.status == 65, "\(refused.stderr)")
        let errors = refused.stderr.split(separator: "\n").map(String.init)
        #expect(
            errors.contains("bulletin: error: preflight: \(server.url("/missing.html")) answers HTTP 404 (not found)"))
        #expect(errors.contains("bulletin: error: preflight: \(server.url("/gone/d.html")) answers HTTP 410 (gone)"))
        #expect(refused.stderr.contains("nothing was frozen or sent"))
        #expect(refused.stderr.contains("--force"))
        #expect(try relay.stats().messages.isEmpty)
        let database = try Database(path: site.databasePath, mode: .existing)
        let ledger = SQLiteDeliveryLedger(database: database, policy: RetryPolicy(maxAttempts: 3))
        #expect(try ledger.issue(week: "2026-W47") == nil)

        let forced = try runner.run(["send", "--yes", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("answers HTTP 404 (not found) (sent anyway: --force)"))
        #expect(try relay.stats().messages.count == 2)
        #expect(try ledger.issue(week: "2026-W47") != nil)

        // A frozen week is not checked again: the next run only delivers what is left.
        let again = try runner.run(["send", "--yes"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("preflight"))
    }

    @Test func theLinksOfTopicSectionsAreCheckedToo() throws {
        let server = try SiteTestServer()
        let (site, runner) = try self.site(server)
        defer { withExtendedLifetime(site) {} }
        // The main block: three pinned pages that answer; the dead links can only be in the section.
        try ConfigurationFile.add("articles = 3", to: "digest", in: site.folder)
        try ConfigurationFile.add(#"everything = { paths = ["/"] }"#, to: "topics", in: site.folder)
        for page in ["/a.html", "/b.html", "/c.html"] {
            let pinned = try runner.run(["digest", "pin", server.url(page), "--week", "2026-W47"])
            #expect(pinned.status == 0, "\(pinned.stderr)")
        }
        let result = try runner.run(["check", "--week", "2026-W47"])
        #expect(result.status == 65, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("blocking: \(server.url("/missing.html")) answers HTTP 404 (not found) [dead-link]"))
        #expect(lines.contains("blocking: \(server.url("/gone/d.html")) answers HTTP 410 (gone) [dead-link]"))
    }
}
