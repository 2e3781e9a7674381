import Foundation
import Testing

@Suite(.serialized) struct DigestCommandTests {
    @Test func previewPrintsTheLastCompleteWeeksTextVersion() throws {
        let site = try DigestSite.make()
        let result = try DigestSite.runner(site).run(["preview"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Subject: Example Weekly, 16–22 November 2026: "))
        #expect(result.stdout.contains("[10] https://eurasia.example.org/"))
        #expect(result.stdout.contains("utm_campaign=2026-W47"))

        // A week with too few articles: nothing on stdout, the reason on stderr, and no error.
        let none = try DigestSite.runner(site).run(["preview", "--week", "2026-W30"])
        #expect(none.status == 0)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("There is no issue for 2026-W30"))
    }

    @Test func previewWritesHTMLToAFile() throws {
        let site = try DigestSite.make()
        let result = try DigestSite.runner(site).run(["preview", "--format", "html", "--output", "issue.html"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: site.folder.appendingPathComponent("issue.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("\u{E000}"))
    }

    @Test func pinPutsAnArticleFirstAndExcludeKeepsOneOut() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        func show() throws -> [[String: Any]] {
            let result = try runner.run(["digest", "show", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return object?["candidates"] as? [[String: Any]] ?? []
        }
        let before = try show()
        let leader = try #require(before.first?["url"] as? String)
        let quiet = try #require(before.first { ($0["chosen"] as? Bool) == false }?["url"] as? String)
        #expect(try runner.run(["digest", "pin", quiet]).status == 0)
        #expect(try runner.run(["digest", "exclude", leader, "--week", "2026-W47"]).status == 0)
        let after = try show()
        // The reasons are checked in-process (DigestPreviewTests); here the JSON carries them.
        #expect(after.first?["url"] as? String == quiet)
        #expect(after.first?["reason"] as? String == "pinned, rank 1")
        #expect(try runner.run(["digest", "pin", "https://eurasia.example.org/no-such-story"]).status == 65)
    }

    @Test func lastingRulesKeepArticlesOutEveryWeekUntilCleared() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        func candidates(_ week: String) throws -> [[String: Any]] {
            let result = try runner.run(["digest", "show", "--json", "--week", week])
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return object?["candidates"] as? [[String: Any]] ?? []
        }
        let leader = try #require(try candidates("2026-W47").first?["url"] as? String)
        let path = try #require(URL(string: leader)?.path)
        // A lasting rule on the leader, and a path rule on everything under /ukraine-… for every week.
        #expect(try runner.run(["digest", "exclude", leader, "--always"]).status == 0)
        #expect(try runner.run(["digest", "exclude", "--path-prefix", "/ukraine-", "--always"]).status == 0)
        let rules = try runner.run(["digest", "rules"])
        #expect(rules.stdout.contains("always: \(leader) (since "))
        #expect(rules.stdout.contains("always: path prefix /ukraine- (since "))
        for week in ["2026-W47", "2026-W46"] {
            let shown = try candidates(week)
            let byURL = Dictionary(shown.map { ($0["url"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            #expect(byURL[leader]?["chosen"] as? Bool != true)
            #expect(
                !shown.contains {
                    ($0["chosen"] as? Bool) == true && ($0["url"] as? String ?? "").contains("/ukraine-")
                })
        }
        let reason = try candidates("2026-W47").first { $0["url"] as? String == leader }?["reason"] as? String
        #expect(reason == "excluded by the rule always: \(leader)")
        // Clearing: the lasting rule goes with --always; a rule that is not there is an error.
        #expect(try runner.run(["digest", "clear", path, "--always"]).status == 0)
        #expect(try runner.run(["digest", "clear", "--path-prefix", "/ukraine-", "--always"]).status == 0)
        let missing = try runner.run(["digest", "clear", "--path-prefix", "/ukraine-", "--always"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("there is no exclusion rule always: path prefix /ukraine-"))
        #expect(try candidates("2026-W47").first?["url"] as? String == leader)
        #expect(try runner.run(["digest", "rules", "--json"]).stdout == "[]\n")
        #expect(try runner.run(["digest", "exclude"]).status == 64)
    }

    @Test func anEditorsNoteLeadsTheIssueUntilItIsSent() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        let set = try runner.run(["digest", "note", "Back on *5 January*. See [the year](https://example.org/year)."])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(
            try runner.run(["digest", "note"]).stdout
                == "Back on *5 January*. See [the year](https://example.org/year).\n")
        let text = try runner.run(["preview"])
        #expect(text.stdout.contains("Back on 5 January. See the year (https://example.org/year)."))
        let html = try runner.run(["preview", "--format", "html"])
        #expect(html.stdout.contains("Back on <em>5 January</em>. See <a href=\"https://example.org/year\""))
        // Frozen with the issue: once sent, the week's note can no longer change.
        let relay = try TestRelay()
        try site.configure("smtp", relay.smtpSettings)
        #expect(try runner.run(["subscribers", "add", "ada@example.org"]).status == 0)
        #expect(try runner.run(["send", "--yes"]).status == 0)
        let late = try runner.run(["digest", "note", "Too late"])
        #expect(late.status == 65)
        #expect(late.stderr.contains("was already sent"))
        #expect(try runner.run(["digest", "note", "--clear", "--week", "2026-W48"]).status == 0)
        #expect(try runner.run(["digest", "note", "--clear", "x"]).status == 64)
    }

    @Test func aBrokenTemplateNamesTheFileAndLineWithExit78() throws {
        let site = try DigestSite.make()
        #expect(FileManager.default.fileExists(atPath: site.folder.appendingPathComponent("Templates/README.md").path))
        _ = try site.write(
            "{{% CONTENT_TYPE: TEXT}}\n{{newsletter.name}}\n{{issue.nmber}}\n", to: "Templates/subject.txt.mustache")
        let result = try DigestSite.runner(site).run(["preview"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("Templates/subject.txt.mustache uses 'issue.nmber' at line 3"))
    }

    @Test func emlIsTheWholeMessageForTheSubscriber() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "dana@example.com", "--name", "Dana Smith"]).status == 0)
        let result = try runner.run(["preview", "--format", "eml", "--for", "dana@example.com"])
        #expect(result.status == 0, "\(result.stderr)")
        // The message's content is checked in-process (DigestPreviewTests); here that it is what is printed.
        #expect(result.stdout.contains("To: Dana Smith <dana@example.com>\r\n"))
        #expect(try runner.run(["preview", "--for", "nobody@example.com"]).status == 65)
    }
}
