import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The crash proof of `bulletin send`: the real binary, a real SQLite file and a real aiosmtpd relay; the sender
/// killed with SIGKILL at random moments and started again until the issue is done.
@Suite("bulletin send killed with SIGKILL")
struct SendCrashTests {
    static let recipients = 5_000
    static let connections = 4
    /// Kills that must land while messages were being delivered (the relay accepted some during that run).
    static let killsDuringDelivery = 5

    /// What `status --json` says, as far as this test reads it.
    private struct Status: Decodable {
        struct Problem: Decodable {
            var email: String
            var state: String
        }
        var audience: Int
        var counts: [String: Int]
        var problems: [Problem]
    }

    @Test(.timeLimit(.minutes(5)))
    func aSendKilledAtRandomMomentsDeliversOneCopyToEveryRecipientExceptTheUnknownOnes() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let seed =
            ProcessInfo.processInfo.environment["BULLETIN_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max)
        print("send crash test: seed \(seed) (BULLETIN_CRASH_SEED=\(seed) repeats the kill moments)")
        var random = SplitMix64(seed: seed)

        // The relay counts each message 5 ms before its 250: a kill in between leaves it holding a message the
        // sender never heard accepted, and the relay's rate (at most 800 messages/s over 4 connections) leaves
        // work for several kills on a fast machine too.
        let relay = try TestRelay(["--reply-delay", "5"])
        let site = try DigestSite.make()
        try configureRelay(site, port: relay.port)
        let addresses = (0..<Self.recipients).map { "reader\(String(format: "%05d", $0))@example.org" }
        let csv = try site.write(
            "email,name\n" + addresses.enumerated().map { "\($0.element),Reader \($0.offset)" }.joined(separator: "\n")
                + "\n", to: "readers.csv")
        let runner = DigestSite.runner(site)
        let imported = try runner.run(["subscribers", "import", csv])
        try #require(imported.status == 0, "subscribers import failed: \(imported.stderr)")

        // Kill until enough kills landed while the relay was taking messages. A run that ends before its kill
        // does not count; every kill that lands counts towards the bound on unknown messages.
        var kills = 0
        var killsDuringDelivery = 0
        var runs = 0
        var unknownPerRecovery: [Int] = []
        while killsDuringDelivery < Self.killsDuringDelivery {
            runs += 1
            try #require(runs <= 60, "after \(runs - 1) runs only \(killsDuringDelivery) kills landed during delivery")
            let acceptedBefore = try relay.stats().messages.count
            let log = site.folder.appendingPathComponent("send-\(runs).log")
            let process = try runner.start(["send", "--yes"], log: log)
            let delay = 0.05 + 1.45 * random.nextUnit()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            unknownPerRecovery += recoveredUnknown(try String(contentsOf: log, encoding: .utf8))
            let acceptedDuring = try relay.stats().messages.count - acceptedBefore
            let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
            print(
                "send crash test: run \(runs) \(killed ? "killed" : "ended with \(process.terminationStatus)") "
                    + "after \(String(format: "%.2f", delay)) s; the relay accepted \(acceptedDuring) messages")
            if killed {
                kills += 1
                if acceptedDuring > 0 { killsDuringDelivery += 1 }
            } else {
                let output = try String(contentsOf: log, encoding: .utf8)
                try #require(process.terminationStatus == 0, "send failed: \(output)")
                let queued = try status(runner).counts["queued", default: 0]
                try #require(
                    queued > 0,
                    "the issue was done after \(killsDuringDelivery) kills during delivery; add recipients")
            }
        }

        // Then start it again until it ends by itself; one more run must find nothing due.
        var last = try runner.run(["send", "--yes"])
        unknownPerRecovery += recoveredUnknown(last.stderr)
        for _ in 0..<3 where last.status != 0 {
            last = try runner.run(["send", "--yes"])
            unknownPerRecovery += recoveredUnknown(last.stderr)
        }
        try #require(last.status == 0, "the last send failed: \(last.stderr)")
        let acceptedBeforeAgain = try relay.stats().messages.count
        let again = try runner.run(["send", "--yes"])
        #expect(again.status == 0, "a send with nothing due failed: \(again.stderr)")
        let messages = try relay.stats().messages
        #expect(messages.count == acceptedBeforeAgain, "a send with nothing due sent something")

        // Every recipient: sent with exactly one copy, or unknown with none or one. Nobody got two.
        let ledger = try status(runner)
        let unknown = Set(ledger.problems.filter { $0.state == "unknown" }.map(\.email))
        var copies: [String: Int] = [:]
        for message in messages {
            for recipient in message.to { copies[recipient, default: 0] += 1 }
        }
        let known = Set(addresses)
        let duplicates = copies.filter { $0.value > 1 }
        let strangers = copies.keys.filter { !known.contains($0) }
        let lost = addresses.filter { !unknown.contains($0) && copies[$0, default: 0] != 1 }
        let unknownDelivered = unknown.filter { copies[$0, default: 0] == 1 }.count
        let seconds = Double((clock.now - started).components.seconds)
        let states = ledger.counts.filter { $0.value > 0 }.sorted { $0.key > $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        print(
            """
            send crash test: \(Self.recipients) recipients, \(Self.connections) connections, seed \(seed); \
            \(runs) killed or ended runs, \(kills) kills (\(killsDuringDelivery) during delivery); \
            \(messages.count) messages accepted by the relay; ledger \(states); \
            unknown \(unknown.count) (\(unknownDelivered) of them delivered, bound \(kills * Self.connections)), \
            unknown per recovery \(unknownPerRecovery); duplicates \(duplicates.count), lost \(lost.count); \
            \(Int(seconds)) s
            """)
        #expect(ledger.audience == Self.recipients)
        #expect(ledger.counts["sent", default: 0] + unknown.count == Self.recipients)
        #expect(ledger.counts["unknown", default: 0] == unknown.count)
        for state in ["queued", "sending", "deferred", "failed", "skipped"] {
            #expect(ledger.counts[state, default: 0] == 0, "\(state) rows are left")
        }
        #expect(duplicates.isEmpty, "recipients with two or more copies: \(duplicates.keys.sorted().prefix(10))")
        #expect(lost.isEmpty, "recipients not unknown without exactly one copy: \(lost.prefix(10))")
        #expect(strangers.isEmpty)
        #expect(unknown.count <= kills * Self.connections)
        #expect(unknownPerRecovery.allSatisfy { $0 <= Self.connections }, "\(unknownPerRecovery)")
    }

    /// Points the site's [smtp] at the test relay, in clear text on loopback.
    private func configureRelay(_ site: Site, port: Int) throws {
        let file = site.folder.appendingPathComponent("bulletin.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = "url = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"\nconnections = \(Self.connections)"
        try Data(text.replacingOccurrences(of: "[smtp]\n", with: "[smtp]\n\(lines)\n").utf8).write(to: file)
    }

    private func status(_ runner: CLIRunner) throws -> Status {
        let result = try runner.run(["status", "--json", "--problems", "\(Self.recipients)"])
        try #require(result.status == 0, "status failed: \(result.stderr)")
        return try JSONDecoder().decode(Status.self, from: Data(result.stdout.utf8))
    }

    /// The unknown counts of the recoveries a run's stderr reports.
    private func recoveredUnknown(_ log: String) -> [Int] {
        log.split(separator: "\n").filter { $0.contains("a previous send stopped") }.compactMap { line in
            guard let range = line.range(of: " messages whose delivery is unknown") else { return nil }
            return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
        }
    }
}

/// A small seeded generator, so that a failing run's kill moments can be repeated.
///
/// - SeeAlso: Steele, Lea and Flood, "Fast splittable pseudorandom number generators" (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
