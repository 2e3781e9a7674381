import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `bulletin send`, `status` and `schedule` against an aiosmtpd relay started by each test: their output and exit
/// codes. What runs do to the ledger and the subscribers is in-process, in SendRunsTests and SendIssueTests.
@Suite(.serialized) struct SendCommandTests {
    /// A DigestSite (issue 2026-W47 due, clock 2026-11-25) with `addresses` subscribed and [smtp] on `relay`.
    /// Keep the site: its folder is removed when it is released.
    private func site(_ addresses: [String], relay: TestRelay) throws -> (Site, CLIRunner) {
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        for address in addresses {
            let result = try runner.run(["subscribers", "add", address])
            guard result.status == 0 else { throw Site.SiteError(message: result.stderr) }
        }
        return (site, runner)
    }

    private func counts(_ runner: CLIRunner, week: String = "2026-W47") throws -> [String: Int] {
        let result = try runner.run(["status", "--week", week, "--json"])
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw Site.SiteError(message: "status: \(result.stderr)") }
        return object["counts"] as? [String: Int] ?? [:]
    }

    @Test func sendsEachSubscriberOneCopyAndASecondRunSendsNothing() throws {
        let relay = try TestRelay(["--keep-bodies"])
        let addresses = ["ann@example.org", "bob@example.net", "cem@example.com"]
        let (site, runner) = try self.site(addresses, relay: relay)
        defer { withExtendedLifetime(site) {} }
        let first = try runner.run(["send", "--yes"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("3 sent, 0 deferred, 0 failed"))
        // The copies and their headers: SendIssueTests, in-process; here the summary, --json and status.
        #expect(try counts(runner)["sent"] == 3)

        let second = try runner.run(["send", "--yes"])
        #expect(second.status == 0, "\(second.stderr)")
        let status = try runner.run(["status"])
        #expect(status.stdout.contains("Issue #1, 2026-W47"))
        #expect(status.stdout.contains("complete 2026-11-25"))
    }

    @Test func deferredMessagesAreRetriedByALaterRun() throws {
        let relay = try TestRelay(["--defer-once"])
        let (site, runner) = try self.site(["later.dana@example.org", "eve@example.org"], relay: relay)
        defer { withExtendedLifetime(site) {} }
        let first = try runner.run(["send", "--yes"])
        #expect(first.status == 75, "\(first.stderr)")
        #expect(first.stderr.contains("1 message of 2026-W47 was deferred"))
        #expect(try counts(runner)["deferred"] == 1)

        // Too early for the next attempt: nothing is sent, still 75.
        var soon = runner
        soon.environment["BULLETIN_NOW"] = "2026-11-25T08:05:00Z"
        #expect(try soon.run(["send", "--yes"]).status == 75)

        var later = runner
        later.environment["BULLETIN_NOW"] = "2026-11-25T08:20:00Z"
        let retry = try later.run(["send", "--yes"])
        #expect(retry.status == 0, "\(retry.stderr)")
        // What the relay got on each run: SendRunsTests, in-process.
        let status = try later.run(["status", "--json"])
        #expect(status.stdout.contains("\"sent\" : 2"))
    }

    @Test func oneSendAtATimeAndADeadOwnersLockIsTakenOver() throws {
        let relay = try TestRelay()
        let (site, runner) = try self.site(["lea@example.org"], relay: relay)
        defer { withExtendedLifetime(site) {} }
        let lockPath = SendLock.path(forDatabase: site.databasePath)
        do {
            let held = try SendLock(path: lockPath)
            let refused = try runner.run(["send", "--yes"])
            #expect(refused.status == 75)
            #expect(refused.stderr.contains("another send is running (pid \(getpid()))"))
            withExtendedLifetime(held) {}
        }
        // A lock file left by a process that died (its pid is in the file, but nobody holds the lock).
        try Data("999999\n".utf8).write(to: URL(fileURLWithPath: lockPath))
        let taken = try runner.run(["send", "--yes"])
        #expect(taken.status == 0, "\(taken.stderr)")
        // What is sent: SendLockAndRelayRefusalTests, in-process.
    }

    @Test func ifDueWaitsForTheScheduledMomentInItsTimeZone() throws {
        let relay = try TestRelay()
        let (site, runner) = try self.site(["max@example.org"], relay: relay)
        defer { withExtendedLifetime(site) {} }
        try site.configure(
            "schedule", "day = \"monday\"\ntime = \"07:00\"\ntimezone = \"America/New_York\"")
        // Monday 2026-11-23 07:00 in New York is 12:00 UTC. Before it, the issue of 2026-W47 is not due yet, and
        // the moment before (2026-11-16, for 2026-W46) started nothing here, so nothing is sent at all.
        var before = runner
        before.environment["BULLETIN_NOW"] = "2026-11-23T11:59:00Z"
        let early = try before.run(["send", "--if-due"])
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.isEmpty && early.stderr.isEmpty)
        #expect(try before.run(["status"]).stdout.hasPrefix("No issue has been sent yet"))

        var after = runner
        after.environment["BULLETIN_NOW"] = "2026-11-23T12:01:00Z"
        let due = try after.run(["send", "--if-due"])
        #expect(due.status == 0, "\(due.stderr)")
        #expect(try after.run(["status"]).stdout.contains("2026-W47"))
        // Complete: later runs in the same week do nothing, quietly. (What is sent when: SendScheduleAndHaltTests.)
        after.environment["BULLETIN_NOW"] = "2026-11-23T12:16:00Z"
        let again = try after.run(["send", "--if-due"])
        #expect(again.status == 0 && again.stderr.isEmpty)

        let schedule = try after.run(["schedule"])
        #expect(schedule.stdout.contains("every monday 07:00 America/New_York"))
        #expect(schedule.stdout.contains("*/15 * * * * cd "))
        #expect(schedule.stdout.contains("send --if-due --quiet --config "))
    }

    @Test func dryRunAndTestSendRecordNothing() throws {
        let relay = try TestRelay(["--keep-bodies"])
        let (site, runner) = try self.site(["ned@example.org", "ola@example.org"], relay: relay)
        defer { withExtendedLifetime(site) {} }
        let folder = site.folder.appendingPathComponent("out")
        let dry = try runner.run(["send", "--dry-run", folder.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        // The files, the messages and what the relay gets: SendScheduleAndHaltTests, in-process.
        #expect(try runner.run(["status"]).stdout.hasPrefix("No issue has been sent yet"))
        // A second dry run into the same folder would mix two runs.
        #expect(try runner.run(["send", "--dry-run", folder.path]).status == 73)

        let test = try runner.run(["send", "--test", "editor@example.net", "ola@example.org"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(try runner.run(["status"]).status == 0)
        #expect(try runner.run(["send", "--yes"]).status == 0)
    }

    @Test func statusAndSendExplainWhatIsWrong() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        let none = try runner.run(["status"])
        #expect(none.status == 0)
        #expect(none.stdout == "No issue has been sent yet; `bulletin send` sends the first one.\n")
        #expect(try runner.run(["status", "--json"]).stdout == "{\"issue\":null}\n")
        #expect(try runner.run(["status", "--week", "2026-W47"]).status == 65)
        #expect(try runner.run(["send", "--dry-run", "x", "--test", "a@example.org"]).status == 64)
        #expect(try runner.run(["send", "--if-due", "--week", "2026-W47"]).status == 64)
        // Nothing listens on the relay's port: 69, and the snapshot waits for the next run.
        #expect(try runner.run(["subscribers", "add", "pia@example.org"]).status == 0)
        try site.configure("smtp", "url = \"smtp://127.0.0.1:9\"\ntls = \"none\"")
        let down = try runner.run(["send", "--yes"])
        #expect(down.status == 69, "\(down.stderr)")
        let counts = try counts(runner)
        #expect(counts["deferred"] == 1)
        let status = try runner.run(["status", "--json"])
        #expect(status.stdout.contains("\"attempts\" : 0"))
    }
}

extension Site {
    /// ``configure(_:_:)`` for a site known only by its folder.
    static func configure(folder: URL, _ section: String, _ lines: String) throws {
        try ConfigurationFile.add(lines, to: section, in: folder)
    }
}
