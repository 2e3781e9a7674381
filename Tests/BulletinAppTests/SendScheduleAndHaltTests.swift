import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `send --if-due`, the halt and `--resume`, and a dry run and a test send before the real send, in-process
/// (their output and exit codes are in SendCommandTests and SendFailureTests).
@Suite(.serialized) struct SendScheduleAndHaltTests {
    @Test func ifDueWaitsForTheScheduledMomentInItsTimeZone() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: ["max@example.org"], relayPort: relay.port)
        _ = try site.configure("schedule", "day = \"monday\"\ntime = \"07:00\"\ntimezone = \"America/New_York\"")
        let ifDue = SendIssue.Options(ifDue: true)
        // Monday 2026-11-23 07:00 in New York is 12:00 UTC. Before it, the issue of 2026-W47 is not due yet, and
        // the moment before (2026-11-16, for 2026-W46) started nothing here, so nothing is sent at all.
        let before = try site.environment(at: "2026-11-23T11:59:00Z")
        let early = try await SendIssue(before, options: ifDue).run(week: site.week)
        #expect(early.outcome == .notDue)
        #expect(try relay.stats().messages.isEmpty)
        #expect(throws: StatusError.nothingSent) { try DeliveryStatus(before).report(week: nil, problems: 0) }

        let after = try site.environment(at: "2026-11-23T12:01:00Z")
        let due = try await SendIssue(after, options: ifDue).run(week: site.week)
        #expect(due.outcome == .sent)
        #expect(due.week == "2026-W47")
        #expect(try relay.stats().messages.count == 1)
        #expect(try DeliveryStatus(after).report(week: nil, problems: 0).issue.week == "2026-W47")
        // Complete: later runs in the same week do nothing.
        let again = try await SendIssue(try site.environment(at: "2026-11-23T12:16:00Z"), options: ifDue)
            .run(week: site.week)
        #expect(again.outcome == .notDue)
        #expect(try relay.stats().messages.count == 1)
    }

    @Test func manyPermanentFailuresHaltTheSendUntilAPersonResumesIt() async throws {
        let relay = try AiosmtpdServer(["--refuse-rcpt-every", "2"])
        let everyone = (1...90).map { String(format: "reader%03d@example.org", $0) }
        let site = try SendSite(subscribers: everyone, relayPort: relay.port)
        let environment = try site.configure("smtp", "connections = 2")
        let week = SendSite.weekName
        let halted = await #expect(throws: SendStop.self) { try await SendIssue(environment).run(week: site.week) }
        guard case .halted(let name, let reason) = halted else {
            Issue.record("the send halts: \(String(describing: halted))")
            return
        }
        #expect(name == week)
        #expect(reason.contains("refused permanently"))
        #expect(halted?.description.contains("resumes it") == true)
        let counts = try site.ledger().counts(week: week)
        let settled = (counts[.sent] ?? 0) + (counts[.failed] ?? 0)
        #expect(settled >= 50 && settled < 60, "\(counts)")
        #expect(counts[.queued] == 90 - settled)
        #expect((counts[.sending] ?? 0) == 0)
        let issue = try #require(try site.ledger().issue(week: week))
        #expect(issue.haltReason?.contains("refused permanently") == true)

        // Cron never resumes it, and neither does a plain send.
        await #expect(throws: SendStop.halted(week: week, reason: reason)) {
            try await SendIssue(environment, options: .init(ifDue: true)).run(week: site.week)
        }
        await #expect(throws: SendStop.halted(week: week, reason: reason)) {
            try await SendIssue(environment).run(week: site.week)
        }
        let sentBefore = try relay.stats().messages.count

        // A person looked: the relay is mended, and resume sends the rest with the check off.
        try relay.set("refuse_rcpt_every", "0")
        let resumed = try await SendIssue(environment, options: .init(resume: true)).run(week: site.week)
        #expect(resumed.isComplete)
        #expect(try relay.stats().messages.count == sentBefore + 90 - settled)
        let after = try #require(try site.ledger().issue(week: week))
        #expect(after.haltReason == nil)
        #expect(after.completedAt != nil)
    }

    @Test func aDryRunAndATestSendLeaveTheRealSendWhole() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let site = try SendSite(subscribers: ["ned@example.org", "ola@example.org"], relayPort: relay.port)
        let folder = site.folder.appendingPathComponent("out")
        #expect(try DryRun(site.environment, folder: folder.path, limit: nil).run(week: site.week)?.written == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["000001.eml", "000002.eml"])
        let first = try String(contentsOf: folder.appendingPathComponent("000001.eml"), encoding: .utf8)
        #expect(first.contains("To: ned@example.org\r\n"))
        #expect(try relay.stats().messages.isEmpty)
        #expect(throws: StatusError.nothingSent) { try DeliveryStatus(site.environment).report(week: nil, problems: 0) }

        _ = try await TestSend(site.environment, addresses: ["editor@example.net", "ola@example.org"])
            .run(week: site.week)
        let copies = try relay.stats().messages
        #expect(copies.count == 2)
        // The subject is not ASCII (an en dash), so it is encoded: "W1RFU1Rd" is base64 for "[TEST]".
        #expect(copies.allSatisfy { $0.content?.contains("Subject: =?utf-8?B?W1RFU1Rd") == true })
        #expect(throws: StatusError.nothingSent) { try DeliveryStatus(site.environment).report(week: nil, problems: 0) }

        #expect(try await SendIssue(site.environment).run(week: site.week).isComplete)
        #expect(try relay.stats().copies == ["editor@example.net": 1, "ned@example.org": 1, "ola@example.org": 2])
    }
}
