import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// `bulletin inbound`'s use case on a real SQLite file, after a real send through aiosmtpd with `[bounces]` set:
/// the reports are written in the shapes real MTAs send, addressed to the VERP addresses the send used.
@Suite(.serialized) struct ProcessInboundTests {
    static let people = [
        "ann@example.org", "bob@example.net", "cem@example.com", "dia@example.org", "eve@example.net",
        "fay@example.com", "gus@example.com",
    ]

    /// A site that sent 2026-W47 to ``people`` with VERP, and each person's envelope sender.
    private func sentSite() async throws -> (SendSite, [String: String]) {
        let relay = try AiosmtpdServer()
        let site = try SendSite(
            subscribers: Self.people, relayPort: relay.port, bounces: "address = \"bounces@example.org\"")
        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.summary?.sent == Self.people.count)
        var senders: [String: String] = [:]
        for message in try relay.stats().messages {
            if let to = message.to.first { senders[to] = message.from }
        }
        return (site, senders)
    }

    private func environment(_ site: SendSite, at time: String) -> AppEnvironment {
        let date = Timestamp.parse(time) ?? Date()
        let base = site.environment
        return AppEnvironment(
            configuration: base.configuration, configurationPath: base.configurationPath,
            processEnvironment: base.processEnvironment, now: { date }, logger: base.logger)
    }

    private func status(_ site: SendSite, _ email: String) throws -> SubscriberStatus? {
        try site.environment.subscriberStore().subscriber(email: EmailAddress(email))?.status
    }

    private func history(_ site: SendSite, _ email: String) throws -> [SubscriberEvent] {
        let store = try site.environment.subscriberStore()
        let subscriber = try #require(try store.subscriber(email: EmailAddress(email)))
        return try store.events(subscriberID: subscriber.id)
    }

    @Test func eachKindOfReportActsOnTheSubscriberItsTagNames() async throws {
        let (site, to) = try await sentSite()
        let inbound = try ProcessInbound(environment(site, at: "2026-11-25T12:00:00Z"))
        let store = try site.environment.subscriberStore()
        let fay = try #require(try store.subscriber(email: EmailAddress("fay@example.com")))
        let token = try site.environment.linkSigner().token(.unsubscribe, for: fay, issue: SendSite.weekName)
        let messages: [(String, String)] = [
            ("postfix", BounceSamples.postfix(to: to["ann@example.org"] ?? "", recipient: "ann@example.org")),
            ("exim", BounceSamples.exim(to: to["bob@example.net"] ?? "", recipient: "bob@example.net")),
            ("gmail", BounceSamples.gmail(to: to["cem@example.com"] ?? "", recipient: "cem@example.com")),
            ("qmail", BounceSamples.qmail(to: to["dia@example.org"] ?? "", recipient: "dia@example.org")),
            ("arf", BounceSamples.complaint(to: to["eve@example.net"] ?? "", recipient: "eve@example.net")),
            ("unsubscribe", BounceSamples.unsubscribe(from: "fay@example.com", to: "news@example.org", token: token)),
            ("vacation", BounceSamples.vacation(from: "gus@example.com", to: "news@example.org")),
            ("outlook", BounceSamples.exchangeFull(to: to["gus@example.com"] ?? "", recipient: "gus@example.com")),
        ]
        var results: [String: InboundResult] = [:]
        for (name, text) in messages {
            let found = try inbound.process(Array(text.utf8)[...], source: name)
            #expect(found.count == 1, "\(name): \(found)")
            results[name] = found.first
        }
        #expect(results["postfix"]?.finding.kind == .hard)
        #expect(results["postfix"]?.delivery?.identifiedBy == "tag")
        #expect(results["postfix"]?.delivery?.week == SendSite.weekName)
        #expect(results["exim"]?.finding.kind == .hard)
        #expect(results["gmail"]?.finding.kind == .hard)
        #expect(results["qmail"]?.finding.kind == .hard)
        #expect(results["arf"]?.finding.kind == .complaint)
        #expect(results["unsubscribe"]?.finding.kind == .unsubscribe)
        #expect(results["unsubscribe"]?.delivery?.identifiedBy == "token")
        #expect(results["vacation"]?.finding.kind == .autoReply)
        #expect(results["vacation"]?.outcome == "recorded")
        #expect(results["outlook"]?.finding.kind == .soft)
        #expect(results["outlook"]?.outcome == "counted")

        for email in ["ann@example.org", "bob@example.net", "cem@example.com", "dia@example.org"] {
            #expect(try status(site, email) == .bounced, "\(email)")
        }
        #expect(try status(site, "eve@example.net") == .complained)
        #expect(try status(site, "fay@example.com") == .unsubscribed)
        #expect(try status(site, "gus@example.com") == .active)

        let ann = try history(site, "ann@example.org")
        #expect(ann.count == 1)
        #expect(ann.first?.source == "inbound")
        #expect(ann.first?.fromStatus == .active)
        #expect(ann.first?.toStatus == .bounced)
        #expect(ann.first?.reason.contains("5.1.1") == true)
        #expect(ann.first?.reason.contains("User unknown") == true)
        #expect(try history(site, "gus@example.com").isEmpty)

        #expect(inbound.summary.messages == 8)
        #expect(inbound.summary.kinds[.hard] == 4)
        #expect(inbound.summary.changed[.bounced] == 4)
        #expect(inbound.summary.forged == 0)

        let counts = try SQLiteInboundReports(database: site.environment.openDatabase()).counts(week: SendSite.weekName)
        #expect(counts.reports[.hard] == 4)
        #expect(counts.reports[.complaint] == 1)
        #expect(counts.reports[.soft] == 1)
        let status = try DeliveryStatus(site.environment).report(week: SendSite.weekName, problems: 0)
        #expect(status.reports[.hard] == 4)
        #expect(status.reports[.complaint] == 1)
        #expect(status.reportOutcomes["bounced"] == 4)
        #expect(status.reportOutcomes["complained"] == 1)
        #expect(status.reportOutcomes["unsubscribed"] == 1)
    }

    @Test func softBouncesBounceOnTheLimitsThirdDayOnly() async throws {
        let (site, to) = try await sentSite()
        let sender = to["gus@example.com"] ?? ""
        func report(_ date: String) -> ArraySlice<UInt8> {
            Array(BounceSamples.exchangeFull(to: sender, recipient: "gus@example.com", date: date).utf8)[...]
        }
        // Twice on one day counts one day.
        for (time, date) in [
            ("2026-11-26T08:00:00Z", "Thu, 26 Nov 2026 07:59:00 +0000"),
            ("2026-11-26T18:00:00Z", "Thu, 26 Nov 2026 17:59:00 +0000"),
            ("2026-11-27T08:00:00Z", "Fri, 27 Nov 2026 07:59:00 +0000"),
        ] {
            let results = try ProcessInbound(environment(site, at: time)).process(report(date), source: time)
            #expect(results.first?.outcome == "counted")
        }
        #expect(try status(site, "gus@example.com") == .active)
        let third = try ProcessInbound(environment(site, at: "2026-11-29T08:00:00Z")).process(
            report("Sun, 29 Nov 2026 07:59:00 +0000"), source: "3")
        #expect(third.first?.outcome == "bounced")
        #expect(try status(site, "gus@example.com") == .bounced)
        #expect(try history(site, "gus@example.com").last?.reason.contains("soft bounces on 3 days") == true)

        // Outside the window, earlier days do not count.
        let fayReport = Array(
            BounceSamples.exchangeFull(to: to["fay@example.com"] ?? "", recipient: "fay@example.com").utf8)[...]
        for time in ["2026-11-26T08:00:00Z", "2026-12-01T08:00:00Z", "2027-01-20T08:00:00Z"] {
            _ = try ProcessInbound(environment(site, at: time)).process(fayReport, source: time)
        }
        #expect(try status(site, "fay@example.com") == .active)
    }

    @Test func aSoftBounceCountsOnTheDayItsReportSaysNotTheDayItIsRead() async throws {
        let (site, to) = try await sentSite()
        func report(_ date: String) -> ArraySlice<UInt8> {
            Array(
                BounceSamples.exchangeFull(to: to["gus@example.com"] ?? "", recipient: "gus@example.com", date: date)
                    .utf8)[...]
        }
        // The same report read on three days is one day.
        for time in ["2026-11-26T08:00:00Z", "2026-11-27T08:00:00Z", "2026-11-28T08:00:00Z"] {
            _ = try ProcessInbound(environment(site, at: time)).process(
                report("Wed, 25 Nov 2026 09:05:00 +0000"), source: time)
        }
        #expect(try status(site, "gus@example.com") == .active)
        // A backlog read at once: reports of three different days.
        let backlog = try ProcessInbound(environment(site, at: "2026-12-02T08:00:00Z"))
        #expect(
            try backlog.process(report("Fri, 27 Nov 2026 23:30:00 -0500"), source: "b1").first?.outcome == "counted")
        let last = try backlog.process(report("Tue, 1 Dec 2026 10:00:00 +0300"), source: "b2")
        #expect(last.first?.outcome == "bounced")
        #expect(try history(site, "gus@example.com").last?.reason.contains("soft bounces on 3 days") == true)
    }

    @Test func anIssueAcceptedBetweenSoftBouncesStartsTheCountAgain() async throws {
        let (site, to) = try await sentSite()
        let report = Array(
            BounceSamples.exchangeFull(to: to["gus@example.com"] ?? "", recipient: "gus@example.com").utf8)[...]
        for time in ["2026-11-26T08:00:00Z", "2026-11-27T08:00:00Z"] {
            _ = try ProcessInbound(environment(site, at: time)).process(report, source: time)
        }
        // The next issue reached gus on the 28th and nothing came back about it.
        let database = try site.environment.openDatabase()
        let gus = try #require(
            try site.environment.subscriberStore().subscriber(email: EmailAddress("gus@example.com")))
        let accepted = Int64(Timestamp.parse("2026-11-28T08:00:00Z")?.timeIntervalSince1970 ?? 0)
        try database.run(
            "INSERT INTO issues (week, number, subject, text_part, html_part, created_at) "
                + "VALUES ('2026-W48', 2, 'Weekly', '', '', ?1)", [.integer(accepted)])
        try database.run(
            "INSERT INTO deliveries (week, subscriber_id, state, updated_at) VALUES ('2026-W48', ?1, 'sent', ?2)",
            [.integer(gus.id), .integer(accepted)])
        let third = try ProcessInbound(environment(site, at: "2026-11-29T08:00:00Z")).process(report, source: "3")
        #expect(third.first?.outcome == "counted")
        #expect(try status(site, "gus@example.com") == .active)
    }

    @Test func aForgedTagOrAStrangerChangesNobody() async throws {
        let (site, to) = try await sentSite()
        let inbound = try ProcessInbound(environment(site, at: "2026-11-25T12:00:00Z"))
        let real = to["ann@example.org"] ?? ""
        // The tag's MAC altered by one letter; the report names ann.
        let local = real.prefix { $0 != "@" }
        let last = local.last == "a" ? "b" : "a"
        let forged = local.dropLast() + last + "@example.org"
        let results = try inbound.process(
            Array(BounceSamples.postfix(to: String(forged), recipient: "ann@example.org").utf8)[...], source: "forged")
        #expect(results.first?.outcome == "forged")
        #expect(results.first?.delivery == nil)
        // Someone we never sent to: nobody.
        let nobody = try inbound.process(
            Array(BounceSamples.postfix(to: "news@example.org", recipient: "stranger@example.net").utf8)[...],
            source: "stranger")
        #expect(nobody.first?.outcome == "unidentified")
        #expect(try status(site, "ann@example.org") == .active)
        #expect(inbound.summary.forged == 1)
        #expect(inbound.summary.unidentified == 1)
        // Without a tag, the address an issue was sent to names the delivery.
        let byAddress = try inbound.process(
            Array(BounceSamples.exim(to: "news@example.org", recipient: "bob@example.net").utf8)[...], source: "plain")
        #expect(byAddress.first?.delivery?.identifiedBy == "address")
        #expect(byAddress.first?.delivery?.week == SendSite.weekName)
        #expect(try status(site, "bob@example.net") == .bounced)
    }

    @Test func binaryTruncatedAndHugeMessagesAreCountedNotFatal() async throws {
        let (site, to) = try await sentSite()
        let inbound = try ProcessInbound(environment(site, at: "2026-11-25T12:00:00Z"))
        var generator = SystemRandomNumberGenerator()
        let binary = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try inbound.process(binary[...], source: "binary").first?.outcome == "unreadable")
        #expect(try inbound.process([][...], source: "empty").first?.outcome == "unreadable")
        let full = Array(BounceSamples.postfix(to: to["bob@example.net"] ?? "", recipient: "bob@example.net").utf8)
        _ = try inbound.process(full[..<(full.count / 3)], source: "truncated")

        // A 50 MB message on disk: read to the limit, classified by its beginning.
        let huge = site.folder.appendingPathComponent("huge.eml")
        var bytes = Array(BounceSamples.vacation(from: "gus@example.com", to: "news@example.org").utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        try Data(bytes).write(to: huge)
        var hugeResults: [InboundResult] = []
        try inbound.processMailbox(huge.path) { hugeResults += $0 }
        #expect(hugeResults.first?.finding.kind == .autoReply)
        #expect(inbound.summary.unreadable == 2)
        #expect(inbound.summary.truncated == 1)
        #expect(inbound.summary.messages == 4)
        #expect(try status(site, "gus@example.com") == .active)
    }

    @Test func aDryRunChangesNothingAndMovesNothing() async throws {
        let (site, to) = try await sentSite()
        let maildir = site.folder.appendingPathComponent("Maildir")
        for name in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data(BounceSamples.postfix(to: to["ann@example.org"] ?? "", recipient: "ann@example.org").utf8).write(
            to: maildir.appendingPathComponent("new/1764061200.1.mx"))
        let dry = try ProcessInbound(environment(site, at: "2026-11-25T12:00:00Z"), dryRun: true)
        var results: [InboundResult] = []
        try dry.processMailbox(maildir.path) { results += $0 }
        #expect(results.first?.outcome == "bounced")
        #expect(try status(site, "ann@example.org") == .active)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).count == 1)

        let real = try ProcessInbound(environment(site, at: "2026-11-25T12:00:00Z"))
        try real.processMailbox(maildir.path) { _ in }
        #expect(try status(site, "ann@example.org") == .bounced)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("cur").path)
                == ["1764061200.1.mx:2,S"])
    }

    /// `inbound --fetch`: the reports fetched from a real Dovecot over IMAP go through the same processing; a dry
    /// run leaves every message unread in the mailbox, the real run marks it read.
    @Test(.enabled(if: DovecotServer.isInstalled)) func reportsFetchedOverIMAPActAndADryRunLeavesThemUnread()
        async throws
    {
        let (site, to) = try await sentSite()
        let server = try DovecotServer()
        _ = try server.deliver(BounceSamples.postfix(to: to["ann@example.org"] ?? "", recipient: "ann@example.org"))
        try ConfigurationFile.add(
            """
            url = "imap://127.0.0.1:\(server.imapPort)/INBOX"
            tls = "none"
            username = "\(server.username)"
            password_env = "BULLETIN_TEST_INBOUND_PASSWORD"
            """, to: "inbound", in: site.folder)
        let base = try site.configure("digest", "")
        let environment = AppEnvironment(
            configuration: base.configuration, configurationPath: base.configurationPath,
            processEnvironment: ["BULLETIN_TEST_INBOUND_PASSWORD": server.password], now: base.now,
            logger: base.logger)

        let dry = try ProcessInbound(environment, dryRun: true)
        var found: [InboundResult] = []
        let dryCounts = try FetchInbound(environment: environment).run(leaveAll: true) { bytes, source in
            found += try dry.process(bytes[...], source: source)
        }
        #expect(dryCounts.processed == 1)
        #expect(found.first?.outcome == "bounced")
        #expect(found.first?.delivery?.identifiedBy == "tag")
        #expect(try status(site, "ann@example.org") == .active)
        #expect(server.files().allSatisfy { !$0.lastPathComponent.hasSuffix("S") })

        let real = try ProcessInbound(environment)
        let counts = try FetchInbound(environment: environment).run { bytes, source in
            _ = try real.process(bytes[...], source: source)
        }
        #expect(counts.processed == 1 && counts.failed == 0)
        #expect(try status(site, "ann@example.org") == .bounced)
        #expect(server.files().count == 1)
        #expect(server.files().allSatisfy { $0.lastPathComponent.hasSuffix("S") })
        let again = try FetchInbound(environment: environment).run { _, _ in Issue.record("fetched twice") }
        #expect(again.processed == 0)
    }
}
