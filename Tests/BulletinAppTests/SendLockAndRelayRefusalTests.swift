import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

/// One send at a time, and relays that refuse the session, in-process (the exit codes and lines are in
/// SendCommandTests and SendFailureTests).
@Suite(.serialized) struct SendLockAndRelayRefusalTests {
    private func lockPath(_ site: SendSite) -> String {
        SendLock.path(forDatabase: site.environment.configuration.store.path.path)
    }

    @Test func oneSendAtATimeAndADeadOwnersLockIsTakenOver() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: ["lea@example.org"], relayPort: relay.port)
        do {
            let held = try SendLock(path: lockPath(site))
            let refused = await #expect(throws: SendLockError.busy(pid: getpid())) {
                try await SendIssue(site.environment).run(week: site.week)
            }
            #expect(refused?.description.contains("another send is running (pid \(getpid()))") == true)
            #expect(try relay.stats().messages.isEmpty)
            withExtendedLifetime(held) {}
        }
        // A lock file left by a process that died (its pid is in the file, but nobody holds the lock).
        try Data("999999\n".utf8).write(to: URL(fileURLWithPath: lockPath(site)))
        #expect(try await SendIssue(site.environment).run(week: site.week).isComplete)
        #expect(try relay.stats().messages.count == 1)
    }

    @Test func ifDueWithAnotherSendRunningLeavesTheWorkToIt() async throws {
        let relay = try AiosmtpdServer()
        let site = try SendSite(subscribers: ["reader001@example.org"], relayPort: relay.port)
        let held = try SendLock(path: lockPath(site))
        let tick = try await SendIssue(site.environment, options: .init(ifDue: true)).run(week: site.week)
        #expect(tick.outcome == .anotherSendRuns)
        // A person's send still says it is busy.
        await #expect(throws: SendLockError.busy(pid: getpid())) {
            try await SendIssue(site.environment).run(week: site.week)
        }
        #expect(try relay.stats().messages.isEmpty)
        withExtendedLifetime(held) {}
    }

    @Test(arguments: [
        (["--auth"], "530 5.7.0 Authentication required"),
        (["--tls", "starttls"], "STARTTLS"),
    ])
    func aRelayThatRefusesTheSessionSendsNothingAndKeepsEveryMessageQueued(
        relayArguments: [String], says: String
    ) async throws {
        let relay = try AiosmtpdServer(relayArguments)
        let everyone = (1...3).map { String(format: "reader%03d@example.org", $0) }
        let site = try SendSite(subscribers: everyone, relayPort: relay.port)
        let error = await #expect(throws: (any Error).self) {
            try await SendIssue(site.environment).run(week: site.week)
        }
        #expect(error.map { "\($0)" }?.contains(says) == true, "\(String(describing: error))")
        let counts = try site.ledger().counts(week: SendSite.weekName)
        #expect(counts[.queued] == 3, "\(counts)")
        #expect((counts[.failed] ?? 0) == 0)
        #expect(try relay.stats().messages.isEmpty)
    }
}
