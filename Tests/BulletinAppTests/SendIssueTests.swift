import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// The send use cases driven in-process against a real SQLite file and the real aiosmtpd test server.
@Suite(.serialized) struct SendIssueTests {
    private let addresses = ["ann@example.org", "bob@example.net", "cem@example.com"]

    @Test func sendsEachSubscriberOneCopyAndRecordsItInTheLedger() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.outcome == .sent)
        #expect(report.week == SendSite.weekName)
        #expect(report.summary?.sent == 3)
        #expect(report.summary?.attempted == 3)
        #expect(report.isComplete)
        #expect(report.counts[.sent] == 3)
        #expect(try relay.stats().copies == Dictionary(uniqueKeysWithValues: addresses.map { ($0, 1) }))
        let ledger = try site.ledger()
        #expect(try ledger.counts(week: SendSite.weekName)[.sent] == 3)
        #expect(try ledger.issue(week: SendSite.weekName)?.completedAt != nil)
        let message = try #require(try relay.stats().messages.first?.content)
        #expect(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(message.contains("/unsubscribe?token="))

        // A second run finds nothing due and sends nothing.
        let again = try await SendIssue(site.environment).run(week: site.week)
        #expect(again.summary == nil)
        #expect(again.isComplete)
        #expect(try relay.stats().messages.count == 3)
    }

    @Test func withABounceAddressEachMessageGoesOutFromItsOwnSignedTag() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(
            subscribers: addresses, relayPort: relay.port, bounces: "address = \"bounces@example.org\"")
        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.summary?.sent == 3)
        let signer = DeliveryTag.Signer(links: try site.environment.linkSigner())
        let store = try site.environment.subscriberStore()
        let messages = try relay.stats().messages
        #expect(messages.count == 3)
        for message in messages {
            let sender = message.from
            #expect(sender.hasPrefix("bounces+") && sender.hasSuffix("@example.org"))
            let text = String(sender.dropFirst("bounces+".count).prefix { $0 != "@" })
            let claimed = try #require(signer.read(text))
            let subscriber = try #require(try store.subscriber(id: claimed.claimed.subscriberID))
            #expect(
                signer.verify(claimed, key: subscriber.linkKey)
                    == DeliveryTag(
                        week: SendSite.weekName, subscriberID: subscriber.id))
            #expect(message.to == [subscriber.email])
        }
    }

    @Test func aSendResumedAfterALimitDoesNotDoubleAnyone() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        let first = try await SendIssue(site.environment, options: .init(limit: 1)).run(week: site.week)
        #expect(first.summary?.sent == 1)
        #expect(!first.isComplete)
        #expect(first.counts[.queued] == 2)
        let second = try await SendIssue(site.environment).run(week: site.week)
        #expect(second.summary?.sent == 2)
        #expect(second.isComplete)
        #expect(try relay.stats().copies == Dictionary(uniqueKeysWithValues: addresses.map { ($0, 1) }))
        #expect(try site.ledger().counts(week: SendSite.weekName)[.sent] == 3)
    }

    @Test func aCancelledSendTakesNoMessageAndSaysWhy() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        let cancellation = SendCancellation()
        #expect(cancellation.record("SIGTERM"))
        cancellation.requestStop()
        await #expect(throws: SendStop.interrupted(signal: "SIGTERM", week: SendSite.weekName, queued: 3, unknown: 0)) {
            try await SendIssue(site.environment, cancellation: cancellation).run(week: site.week)
        }
        #expect(cancellation.deliveryHasEnded)
        #expect(try relay.stats().messages.isEmpty)
        // The issue stays frozen with everyone queued: the next run sends them.
        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.summary?.sent == 3)
    }

    @Test func aDeclinedConfirmationFreezesNothing() async throws {
        let site = try SendSite(subscribers: addresses, relayPort: nil)
        var question = ""
        let report = try await SendIssue(
            site.environment,
            confirm: {
                question = $0
                return false
            }
        ).run(week: site.week)
        #expect(report.outcome == .declined)
        #expect(question.contains("to 3 subscribers?"))
        #expect(try site.ledger().issue(week: SendSite.weekName) == nil)
    }

    @Test func requeueAndResumeOfAWeekNeverSentAreRefused() async throws {
        let site = try SendSite(subscribers: addresses, relayPort: nil)
        await #expect(throws: StatusError.notSent(SendSite.weekName)) {
            try await SendIssue(site.environment, options: .init(resume: true)).run(week: site.week)
        }
        #expect(throws: StatusError.notSent(SendSite.weekName)) {
            try RequeueDeliveries(
                site.environment, ledger: try site.ledger(), selection: .init(state: .failed)
            ).list(week: SendSite.weekName)
        }
    }

    @Test func theStatusReportCountsTheSentIssue() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        #expect(throws: StatusError.nothingSent) {
            try DeliveryStatus(site.environment).report(week: nil, problems: 50)
        }
        _ = try await SendIssue(site.environment).run(week: site.week)
        let status = try DeliveryStatus(site.environment).report(week: nil, problems: 50)
        #expect(status.issue.week == SendSite.weekName)
        #expect(status.issue.audience == 3)
        #expect(status.counts[.sent] == 3)
        #expect(status.problems.isEmpty)
    }

    @Test func aDryRunWritesEveryMessageAndRecordsNothing() throws {
        let site = try SendSite(subscribers: addresses, relayPort: nil)
        let folder = site.folder.appendingPathComponent("dry")
        let report = try #require(
            try DryRun(site.environment, folder: folder.path, limit: nil).run(week: site.week))
        #expect(report.written == 3)
        #expect(report.week == SendSite.weekName)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["000001.eml", "000002.eml", "000003.eml"])
        #expect(try site.ledger().issue(week: SendSite.weekName) == nil)
        // A second dry run into the same folder would mix two runs.
        #expect(throws: DryRunError.notEmpty(folder.path)) {
            try DryRun(site.environment, folder: folder.path, limit: 1).run(week: site.week)
        }
        let limited = site.folder.appendingPathComponent("one")
        #expect(try DryRun(site.environment, folder: limited.path, limit: 1).run(week: site.week)?.written == 1)
    }

    @Test func aTestSendReachesOnlyTheGivenAddressesAndRecordsNothing() async throws {
        let relay = try AiosmtpdServer(["--keep-bodies"])
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        let report = try #require(
            try await TestSend(site.environment, addresses: ["editor@example.org"]).run(week: site.week))
        #expect(report.outcomes.map(\.address.value) == ["editor@example.org"])
        #expect(report.worst == .accepted)
        #expect(try relay.stats().copies == ["editor@example.org": 1])
        // "[TEST] " in front: the subject is base64-encoded for its dash.
        let subject = try #require(
            try relay.stats().messages.first?.content?.components(separatedBy: "\r\n").first {
                $0.hasPrefix("Subject:")
            })
        #expect(subject.contains("[TEST]") || subject.contains("?B?W1RFU1Rd"), "\(subject)")
        #expect(try site.ledger().issue(week: SendSite.weekName) == nil)
        await #expect(throws: TestSendError.self) {
            try await TestSend(site.environment, addresses: ["not an address"]).run(week: site.week)
        }
    }

    @Test func aSendAfterARunThatDiedSettlesItsJournalAndSendsOnlyWhatWasNeverHandedOver() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: addresses, relayPort: relay.port)
        let first = try await SendIssue(site.environment, options: .init(limit: 1)).run(week: site.week)
        #expect(first.summary?.sent == 1)
        // A run that died: it claimed the two other rows, handed the first over and heard it accepted (in its
        // journal only), and never handed the second over.
        let ledger = try site.ledger()
        let claim = try ledger.claim(week: SendSite.weekName, after: 0, limit: 10, now: site.environment.now())
        #expect(claim.claimed.count == 2)
        let handed = try #require(claim.claimed.first).subscriber
        let journal = try SendJournal(path: SendJournal.path(forDatabase: ledger.database.path))
        try journal.handingOver(week: SendSite.weekName, subscriberID: handed.id)
        try journal.ended(
            week: SendSite.weekName,
            [
                (
                    handed.id,
                    DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "queued"),
                    "<dead-run@example.org>"
                )
            ])

        let report = try await SendIssue(site.environment).run(week: site.week)
        #expect(report.summary?.sent == 1)
        #expect(report.isComplete)
        #expect(report.counts[.sent] == 3)
        let copies = try relay.stats().copies
        #expect(copies[handed.email] == nil)
        #expect(copies.values.allSatisfy { $0 == 1 })
        #expect(copies.count == 2)
        #expect(!FileManager.default.fileExists(atPath: SendJournal.path(forDatabase: ledger.database.path)))
    }
}
