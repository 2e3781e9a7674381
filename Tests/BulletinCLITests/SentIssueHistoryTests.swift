import Foundation
import Testing

/// A week whose issue is frozen: `preview` and `digest show` show what was sent, and page views imported later
/// change nothing.
@Suite(.serialized) struct SentIssueHistoryTests {
    @Test func previewAndDigestShowShowTheSentIssueWhateverViewsCameLater() throws {
        let relay = try TestRelay()
        let site = try DigestSite.make()
        defer { withExtendedLifetime(site) {} }
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "ann@example.org"]).status == 0)
        let before = try runner.run(["digest", "show", "--json"])
        let selection = try #require(
            try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        let candidates = try #require(selection["candidates"] as? [[String: Any]])
        let outsider = try #require(candidates.first { $0["chosen"] as? Bool == false }?["url"] as? String)
        let sentPreview = try runner.run(["preview"]).stdout
        let sent = try runner.run(["send", "--yes"])
        #expect(sent.status == 0, "\(sent.stderr)")

        // Late analytics: the outsider becomes the most read article of the week.
        let csv = try site.write("Date,URL,Views,Visitors\n2026-11-18,\(outsider),90000,50000\n", to: "late.csv")
        #expect(try runner.run(["views", "import", "--format", "csv", csv]).status == 0)

        let show = try runner.run(["digest", "show"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.hasPrefix("2026-W47 (2026-11-16 to 2026-11-22, UTC): sent as issue #1 on 2026-11-25"))
        #expect(!show.stdout.contains(outsider))
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try runner.run(["digest", "show", "--json"]).stdout.utf8)) as? [String: Any])
        #expect(json["sent"] as? String == "sent as issue #1 on 2026-11-25")
        #expect(json["issue_number"] as? Int == 1)
        let sentURLs = try #require(json["articles"] as? [[String: Any]]).compactMap { $0["url"] as? String }
        let chosenBefore = candidates.filter { $0["chosen"] as? Bool == true }.compactMap { $0["url"] as? String }
        #expect(sentURLs == chosenBefore)

        let preview = try runner.run(["preview"])
        #expect(preview.status == 0)
        #expect(preview.stdout == sentPreview)
        #expect(preview.stderr.contains("2026-W47 was sent as issue #1 on 2026-11-25"))
    }
}
