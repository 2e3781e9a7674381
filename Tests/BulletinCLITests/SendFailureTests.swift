import BulletinCore
import BulletinStore
import Foundation
import Testing

/// `bulletin send` against aiosmtpd relays that refuse the sender or the session, refuse many recipients (the
/// halt), and the deliberate ways back: `--resume`, `--requeue`. Each test starts its own relay.
@Suite(.serialized) struct SendFailureTests {
    /// A DigestSite (issue 2026-W47 due, clock 2026-11-25) with `addresses` subscribed and [smtp] on `relay`.
    private func site(_ addresses: [String], relay: TestRelay, smtp: String? = nil) throws -> (Site, CLIRunner) {
        let site = try DigestSite.make()
        try site.configure("smtp", smtp ?? relay.smtpSettings)
        let runner = DigestSite.runner(site)
        let csv = "email\n" + addresses.joined(separator: "\n") + "\n"
        let result = try runner.run(["subscribers", "import", "-"], input: csv)
        guard result.status == 0 else { throw Site.SiteError(message: result.stderr) }
        return (site, runner)
    }

    private func status(_ runner: CLIRunner, week: String = "2026-W47") throws -> [String: Any] {
        let result = try runner.run(["status", "--week", week, "--json"])
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw Site.SiteError(message: "status: \(result.stderr)") }
        return object
    }

    private func counts(_ runner: CLIRunner) throws -> [String: Int] {
        try status(runner)["counts"] as? [String: Int] ?? [:]
    }

    private func addresses(_ count: Int, prefix: String = "reader") -> [String] {
        (1...count).map { String(format: "\(prefix)%03d@example.org", $0) }
    }

    private func errorLines(_ result: CLIRunner.Result) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("bulletin: error:") }
    }

    @Test func aRefusedSenderFailsNobodyAndExits78WithTheKeyToChange() throws {
        let relay = try TestRelay(["--refuse-sender", "553"])
        let (site, runner) = try self.site(addresses(6), relay: relay)
        defer { withExtendedLifetime(site) {} }
        let result = try runner.run(["send", "--yes"])
        #expect(result.status == 78, "\(result.stderr)")
        let lines = errorLines(result)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("553 5.7.1 Sender address not owned by user") == true)
        #expect(lines.first?.contains("[smtp] envelope_from") == true)
        // The ledger, the subscribers and the next run: SendRunsTests, in-process.
        #expect(try counts(runner)["queued"] == 6)
    }

    @Test func aRelayThatWantsALoginExits78NamingTheUsername() throws {
        let relay = try TestRelay(["--auth"])
        let (site, runner) = try self.site(addresses(3), relay: relay)
        defer { withExtendedLifetime(site) {} }
        let result = try runner.run(["send", "--yes"])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(errorLines(result).count == 1)
        #expect(result.stderr.contains("530 5.7.0 Authentication required"))
        #expect(result.stderr.contains("[smtp] username"))

        let check = try runner.run(["smtp", "check"])
        #expect(check.status == 78, "\(check.stderr)")
        #expect(check.stdout.contains("The relay is not ready"))
        #expect(check.stderr.contains("530"))
        #expect(try relay.stats().messages.isEmpty)
    }

    @Test func aRelayThatWantsStarttlsExits78NamingTheTLSKey() throws {
        let relay = try TestRelay(["--tls", "starttls"])
        let (site, runner) = try self.site(addresses(3), relay: relay)
        defer { withExtendedLifetime(site) {} }
        let result = try runner.run(["send", "--yes"])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(errorLines(result).count == 1)
        #expect(result.stderr.contains("STARTTLS"))
        #expect(result.stderr.contains("[smtp] tls = \"starttls\""))
        // Every message stays queued: SendLockAndRelayRefusalTests, in-process.
    }

    @Test func smtpCheckTriesTheSenderAndTakesItBack() throws {
        let refusing = try TestRelay(["--refuse-sender", "553"])
        let site = try Site()
        try site.configure("smtp", refusing.smtpSettings)
        let refused = try site.run("smtp", "check")
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("553"))
        #expect(refused.stderr.contains("envelope_from"))
        #expect(refused.stderr.split(separator: "\n").count == 1)

        let plain = try TestRelay()
        let other = try Site()
        try other.configure("smtp", plain.smtpSettings)
        let ready = try other.run("smtp", "check")
        #expect(ready.status == 0, "\(ready.stderr)")
        #expect(ready.stdout.contains("MAIL FROM answered 250"))
        #expect(ready.stdout.contains("The relay is ready"))
        #expect(try plain.stats().messages.isEmpty)
    }

    @Test func manyPermanentFailuresHaltTheSendUntilAPersonResumesIt() throws {
        let relay = try TestRelay(["--refuse-rcpt-every", "2"])
        let everyone = addresses(90)
        let (site, runner) = try self.site(everyone, relay: relay, smtp: relay.smtpSettings + "\nconnections = 2")
        defer { withExtendedLifetime(site) {} }
        let halted = try runner.run(["send", "--yes"])
        #expect(halted.status == 65, "\(halted.stderr)")
        let line = try #require(errorLines(halted).first)
        #expect(errorLines(halted).count == 1)
        #expect(line.contains("2026-W47 is halted"))
        #expect(line.contains("refused permanently"))
        #expect(line.contains("bulletin send --week 2026-W47 --resume"))
        // How far it got and what resuming sends: SendScheduleAndHaltTests, in-process.
        let issue = try status(runner)
        #expect(issue["halted"] as? Bool == true)
        #expect((issue["halt_reason"] as? String)?.contains("refused permanently") == true)
        #expect(try runner.run(["status"]).stdout.contains("halted."))

        // Cron never resumes it: the same line again, kept under --quiet, and a non-zero exit.
        let cron = try runner.run(["send", "--if-due", "--quiet"])
        #expect(cron.status == 65)
        #expect(cron.stderr.contains("2026-W47 is halted"))
        // Neither does a plain send.
        #expect(try runner.run(["send", "--yes"]).status == 65)

        // A person looked: the relay is mended, and --resume sends the rest with the check off.
        try relay.set("refuse_rcpt_every", "0")
        let resumed = try runner.run(["send", "--week", "2026-W47", "--resume", "--yes"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try status(runner)
        #expect(after["halted"] as? Bool == false)
        #expect(after["completed_at"] != nil)
    }

    /// What `send --requeue` prints; what it does to the ledger, the subscribers and the relay is in-process, in
    /// RequeueRunsTests.
    @Test func requeueBringsFailuresBackAndRestoresBouncedSubscribersOnlyWhenAsked() throws {
        let relay = try TestRelay(["--refuse-rcpt-every", "2"])
        let everyone = addresses(6)
        let (site, runner) = try self.site(
            everyone, relay: relay, smtp: relay.smtpSettings + "\nconnections = 1")
        defer { withExtendedLifetime(site) {} }
        try site.configure("send", "halt_failure_rate = 1")
        #expect(try runner.run(["send", "--yes"]).status == 0)
        #expect(try counts(runner)["failed"] == 3)

        // The dry run lists, and changes nothing.
        let dry = try runner.run(["send", "--week", "2026-W47", "--requeue", "failed", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("left alone (bounced; add --restore-bounced)"))
        #expect(dry.stdout.contains("0 of 3 failed messages of 2026-W47 would be queued again"))
        let dryRestore = try runner.run([
            "send", "--week", "2026-W47", "--requeue", "failed", "--stage", "rcpt", "--reply", "5.1.1",
            "--restore-bounced", "--dry-run",
        ])
        #expect(dryRestore.stdout.contains("3 of 3 failed messages"), "\(dryRestore.stdout)")
        // A filter that matches nothing.
        let none = try runner.run(["send", "--week", "2026-W47", "--requeue", "failed", "--stage", "data", "--dry-run"])
        #expect(none.stdout.contains("0 of 0 failed messages"))

        try relay.set("refuse_rcpt_every", "0")
        let kept = try runner.run(["send", "--week", "2026-W47", "--requeue", "failed", "--yes"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stderr.contains("--restore-bounced queues them too"))

        let restored = try runner.run([
            "send", "--week", "2026-W47", "--requeue", "failed", "--restore-bounced", "--yes",
        ])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try counts(runner)["sent"] == 6)
    }

    @Test func ifDueWithAnotherSendRunningIsQuietSuccess() throws {
        let relay = try TestRelay()
        let (site, runner) = try self.site(addresses(1), relay: relay)
        defer { withExtendedLifetime(site) {} }
        let held = try SendLock(path: SendLock.path(forDatabase: site.databasePath))
        let tick = try runner.run(["send", "--if-due"])
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stderr.contains("another send is running (pid \(getpid())); it does the work"))
        #expect(tick.stderr.split(separator: "\n").count == 1)
        // A person's send still says it is busy.
        #expect(try runner.run(["send", "--yes"]).status == 75)
        withExtendedLifetime(held) {}
    }

    @Test func sigtermLetsTheMessagesInFlightEndAndLeavesTheRestQueued() throws {
        let relay = try TestRelay(["--reply-delay", "150"])
        let everyone = addresses(40)
        let (site, runner) = try self.site(everyone, relay: relay, smtp: relay.smtpSettings + "\nconnections = 2")
        defer { withExtendedLifetime(site) {} }
        let process = try runner.start(["send", "--yes"])
        let deadline = Date().addingTimeInterval(30)
        while try relay.stats().messages.count < 4, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 5)
        #expect(process.terminationStatus == 75)
        let counts = try counts(runner)
        #expect(counts["unknown"] == 0 && counts["sending"] == 0, "\(counts)")
        #expect((counts["sent"] ?? 0) == (try relay.stats().messages.count))
        #expect((counts["sent"] ?? 0) + (counts["queued"] ?? 0) == 40, "\(counts)")
        #expect((counts["queued"] ?? 0) > 0)

        let rest = try runner.run(["send", "--yes"])
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(try relay.stats().copies == Dictionary(uniqueKeysWithValues: everyone.map { ($0, 1) }))
    }

    @Test func aMessageStillInFlightTenSecondsAfterSigtermIsUnknownAndTheRestQueued() throws {
        let relay = try TestRelay()
        // "slow…" gets no reply after its data: it stays in flight until the grace period is over.
        let everyone = ["slow.sam@example.org"] + addresses(5)
        let (site, runner) = try self.site(everyone, relay: relay, smtp: relay.smtpSettings + "\nconnections = 1")
        defer { withExtendedLifetime(site) {} }
        let process = try runner.start(["send", "--yes"])
        Thread.sleep(forTimeInterval: 2)
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let waited = Date().timeIntervalSince(signalled)
        #expect(waited >= 9.5 && waited < 20, "\(waited)")
        #expect(process.terminationStatus == 75)
        let counts = try counts(runner)
        #expect(counts["unknown"] == 1, "\(counts)")
        #expect(counts["queued"] == 5 && counts["sending"] == 0, "\(counts)")
        #expect(try relay.stats().messages.isEmpty)
    }

    @Test func aWeekWithoutPageViewsWarnsUnderQuietAndIsNotCalledMostRead() throws {
        let relay = try TestRelay(["--keep-bodies"])
        let site = try Site()
        var runner = site.runner
        runner.environment["BULLETIN_NOW"] = "2026-11-25T08:00:00Z"
        try site.configure("smtp", relay.smtpSettings)
        let feed = DigestSite.root.appendingPathComponent("Examples/feed.xml").path
        #expect(try runner.run(["articles", "import", feed]).status == 0)
        #expect(try runner.run(["subscribers", "add", "ann@example.org"]).status == 0)
        let sent = try runner.run(["send", "--yes", "--quiet"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("warning: no page views were imported for 2026-W47"))
        // The message's wording: SendRunsTests.aWeekWithoutPageViewsIsNotCalledMostRead, in-process.
        #expect(try relay.stats().messages.count == 1)
    }
}
