import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

/// The example site in-process: `Examples/feed.xml` and `Examples/access.log.gz` imported into a site set up as
/// `bulletin init` sets one up, the clock in the week after 2026-W47. What `preview` and `digest` print from is
/// checked here; their output in DigestCommandTests.
@Suite struct DigestPreviewTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func exampleSite() throws -> AppFixture {
        let fixture = try AppFixture(
            name: "Example Weekly", from: "Example Weekly <newsletter@example.org>", clock: "2026-11-25T08:00:00Z")
        _ = try ArticleImport(environment: fixture.environment).run(
            sources: [Self.root.appendingPathComponent("Examples/feed.xml").path], refresh: false)
        let log = fixture.folder.appendingPathComponent("access.log")
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gunzip.arguments = [
            "-c", "gzip -dc '\(Self.root.appendingPathComponent("Examples/access.log.gz").path)' > '\(log.path)'",
        ]
        try gunzip.run()
        gunzip.waitUntilExit()
        _ = try ViewImport(environment: fixture.environment).run(
            path: log.path, name: log.path, format: .combined, site: nil, period: nil)
        return fixture
    }

    /// The week `preview` and `digest` take by default: the last complete one.
    private func lastCompleteWeek(_ fixture: AppFixture) -> IssueWeek {
        IssueWeek.lastComplete(
            before: fixture.environment.now(), timeZone: fixture.environment.configuration.digest.timeZone)
    }

    private func preview(
        _ fixture: AppFixture, week: IssueWeek? = nil, for recipient: String? = nil
    ) throws -> PreviewIssue.Preview {
        let result = try PreviewIssue(fixture.environment).run(
            week: week ?? lastCompleteWeek(fixture), for: recipient)
        guard case .issue(let preview) = result else { throw NoIssue() }
        return preview
    }

    private struct NoIssue: Error {}

    @Test func previewsTheLastCompleteWeeksTextVersion() throws {
        let fixture = try exampleSite()
        let preview = try preview(fixture)
        #expect(preview.rendered.subject.hasPrefix("Example Weekly, 16–22 November 2026: "))
        #expect(preview.text.contains("[10] https://eurasia.example.org/"))
        #expect(preview.text.contains("utm_campaign=2026-W47"))
    }

    @Test func theHTMLVersionIsAWholeDocumentWithItsSlotsFilled() throws {
        let fixture = try exampleSite()
        let html = try preview(fixture).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("\u{E000}"))
    }

    @Test func pinPutsAnArticleFirstAndExcludeKeepsOneOut() throws {
        let fixture = try exampleSite()
        let week = lastCompleteWeek(fixture)
        func decisions() throws -> [DigestDecision] {
            try DigestPlan.load(fixture.environment, week: week).selection.decisions
        }
        let before = try decisions()
        let leader = try #require(before.first?.candidate.article.url)
        let quiet = try #require(before.first { !$0.isChosen }?.candidate.article.url)
        let steering = try SteerDigest(fixture.environment)
        try steering.steer(.pin, try #require(try steering.article(url: quiet)), week: week)
        let w47 = IssueWeek(try #require(ISOWeek("2026-W47")), timeZone: week.timeZone)
        try steering.steer(.exclude, try #require(try steering.article(url: leader)), week: w47)
        let after = try decisions()
        #expect(after.first?.candidate.article.url == quiet)
        #expect(after.first?.reason == "pinned, rank 1")
        #expect(after.first { $0.candidate.article.url == leader }?.reason == "excluded by an editor")
        #expect(try steering.article(url: "https://eurasia.example.org/no-such-story") == nil)
    }

    @Test func aWeekWithTooFewArticlesHasNoIssue() throws {
        let fixture = try exampleSite()
        let week = IssueWeek(
            try #require(ISOWeek("2026-W30")), timeZone: fixture.environment.configuration.digest.timeZone)
        guard case .noIssue(let reason) = try PreviewIssue(fixture.environment).run(week: week, for: nil) else {
            Issue.record("2026-W30 has too few articles for an issue")
            return
        }
        #expect(reason.contains("There is no issue for 2026-W30"))
    }

    @Test func theMessageIsTheWholeMessageForTheSubscriber() throws {
        let fixture = try exampleSite()
        _ = try SubscriberChanges(environment: fixture.environment).add(
            try EmailAddress("dana@example.com"), name: "Dana Smith", topics: [], attributes: [:], status: .active,
            force: false)
        let personal = try preview(fixture, for: "dana@example.com")
        let message = String(decoding: try PreviewIssue(fixture.environment).message(personal), as: UTF8.self)
        #expect(message.contains("To: Dana Smith <dana@example.com>\r\n"))
        #expect(message.contains("Content-Type: multipart/alternative"))
        #expect(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        // Quoted-printable: soft line breaks (around the personal slots too) decode to nothing.
        let decoded = message.replacingOccurrences(of: "=\r\n", with: "")
            .replacingOccurrences(of: "=2E", with: ".").replacingOccurrences(of: "=3D", with: "=")
        #expect(decoded.contains("You receive Example Weekly at dana@example.com."))
        #expect(!message.contains("\u{E000}"))
        #expect(throws: PreviewError.unknownSubscriber("nobody@example.com")) {
            try PreviewIssue(fixture.environment).run(week: lastCompleteWeek(fixture), for: "nobody@example.com")
        }
    }
}
