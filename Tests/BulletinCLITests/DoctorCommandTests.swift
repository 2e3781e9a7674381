import BulletinNet
import BulletinStore
import BulletinTestSupport
import Foundation
import Testing

@testable import BulletinCLI

/// `bulletin doctor` on a good installation and on installations with one fault each, with the real binary, the
/// real aiosmtpd relay and real files; and its DKIM record check through an injected TXT lookup.
@Suite struct DoctorCommandTests {
    /// What `doctor --json` says.
    private struct Report: Decodable {
        struct Finding: Decodable {
            var check: String
            var status: String
            var message: String
            var advice: String?
        }
        var healthy: Bool
        var problems: Int
        var findings: [Finding]
    }

    /// A healthy installation: a relay, an Ed25519 DKIM key, the secret 0600 and the database 0600.
    private func goodSite(relay: TestRelay) throws -> Site {
        let site = try Site()
        try site.configure("smtp", relay.smtpSettings)
        let key = try site.run(
            "dkim", "keygen", "--selector", "ed1", "--algorithm", "ed25519-sha256", "--output", "dkim/ed1.pem")
        guard key.status == 0 else { throw Site.SiteError(message: key.stderr) }
        try site.configure("dkim", "selector = \"ed1\"\nprivate_key = \"dkim/ed1.pem\"\nalgorithm = \"ed25519-sha256\"")
        chmod(site.databasePath, 0o600)
        return site
    }

    /// A loopback port where no DNS server answers: the DKIM records cannot be resolved, and no query leaves the
    /// machine.
    static let noDNS = "127.0.0.1:1"

    private func doctor(_ site: Site) throws -> (status: Int32, report: Report) {
        let result = try site.run("doctor", "--json", "--dns-server", Self.noDNS)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        return (result.status, report)
    }

    @Test func aGoodInstallationHasNoProblemAndExits0() throws {
        let relay = try TestRelay()
        let site = try goodSite(relay: relay)
        let (status, report) = try doctor(site)
        let problems = report.findings.filter { $0.status == "problem" }.map(\.message)
        #expect(status == 0, "\(problems)")
        #expect(report.healthy)
        let checks = Set(report.findings.map(\.check))
        for check in ["configuration", "permissions", "database", "relay", "dkim", "sources", "last send", "disk"] {
            #expect(checks.contains(check), "no \(check) finding")
        }
        // No DNS here: the record is not compared, and that is not a problem.
        let dkim = try #require(report.findings.first { $0.check == "dkim" })
        #expect(dkim.status == "note")
        #expect(dkim.message.contains("ed1._domainkey.example.org could not be resolved"))
        #expect(
            report.findings.contains {
                $0.check == "relay" && $0.status == "ok"
                    && $0.message.contains(
                        "a test MAIL FROM:<newsletter@example.org> was accepted (250) and reset with RSET (250)")
            })
        #expect(
            report.findings.contains {
                $0.check == "database" && $0.status == "ok" && $0.message.contains("schema version")
            })

        let text = try site.run("doctor", "--dns-server", Self.noDNS)
        #expect(text.status == 0)
        #expect(text.stdout.contains("No problems"))
    }

    /// One fault each, the check that must report it, and words of its message.
    static let faults: [(name: String, check: String, words: String)] = [
        ("bad configuration", "configuration", "bogus"),
        ("world-readable secret", "permissions", "bulletin.secret"),
        ("missing database", "permissions", "There is no database"),
        ("relay down", "relay", "smtp://127.0.0.1:1"),
        ("relay refuses the sender", "relay", "refuses mail from <newsletter@example.org>"),
        ("bad DKIM key", "dkim", "ed1"),
        ("damaged database", "database", "cannot be opened"),
        ("password file readable by others", "permissions", "password"),
    ]

    @Test(arguments: faults.map(\.name))
    func eachFaultIsAProblemAndExits1(fault: String) throws {
        let relay = try TestRelay(
            fault == "relay refuses the sender" ? ["--refuse-sender", "newsletter@example.org"] : [])
        let site = try goodSite(relay: relay)
        switch fault {
        case "bad configuration":
            _ = try site.write(
                try String(contentsOf: site.folder.appendingPathComponent("bulletin.toml"), encoding: .utf8)
                    + "\n[bogus]\nkey = 1\n", to: "bulletin.toml")
        case "world-readable secret":
            chmod(site.folder.appendingPathComponent("bulletin.secret").path, 0o644)
        case "missing database":
            try FileManager.default.removeItem(atPath: site.databasePath)
        case "relay down":
            let config = site.folder.appendingPathComponent("bulletin.toml")
            let text = try String(contentsOf: config, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "127.0.0.1:\(relay.port)", with: "127.0.0.1:1").utf8).write(
                to: config)
        case "relay refuses the sender":
            break
        case "bad DKIM key":
            _ = try site.write(
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", to: "dkim/ed1.pem")
            chmod(site.folder.appendingPathComponent("dkim/ed1.pem").path, 0o600)
        case "damaged database":
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: site.databasePath + suffix) }
            try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: site.databasePath))
            chmod(site.databasePath, 0o600)
        case "password file readable by others":
            let file = try site.write("secret password\n", to: "smtp.password")
            chmod(file, 0o644)
            try site.configure("smtp", "username = \"bulletin\"\npassword_file = \"smtp.password\"")
        default:
            Issue.record("unknown fault \(fault)")
        }
        let expected = try #require(Self.faults.first { $0.name == fault })
        let result = try site.run("doctor", "--json", "--dns-server", Self.noDNS)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(!report.healthy)
        let problems = report.findings.filter { $0.status == "problem" }
        #expect(
            problems.contains { $0.check == expected.check && $0.message.contains(expected.words) },
            "\(problems.map { "\($0.check): \($0.message)" })")
        #expect(problems.allSatisfy { $0.advice?.isEmpty == false })
    }

    @Test func thePublishedRecordIsComparedWhenTheDNSAnswers() throws {
        let relay = try TestRelay()
        let site = try goodSite(relay: relay)
        let checked = try site.run("dkim", "check")
        let line = try #require(checked.stdout.split(separator: "\n").first { $0.contains("record text") })
        let start = try #require(line.range(of: "v=DKIM1")).lowerBound
        let text = String(line[start...])
        let config = site.folder.appendingPathComponent("bulletin.toml").path
        func run(_ answer: TXTAnswer) -> [DoctorFinding] {
            Doctor(
                configPath: config, environment: [:], lookupTXT: { _ in answer },
                now: Date(timeIntervalSince1970: 1_795_000_000)
            ).run().filter { $0.check == "dkim" }
        }
        // The TXT strings of a long record arrive split; the resolver joins them.
        #expect(run(.records(["v=spf1 -all", text])).map(\.status) == [.ok])
        let other = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
        let wrong = run(.records([other]))
        #expect(wrong.map(\.status) == [.problem])
        #expect(wrong.first?.advice?.contains("ed1._domainkey.example.org. IN TXT") == true)
        #expect(run(.records(["v=DKIM1; k=ed25519; p="])).first?.message.contains("revoked") == true)
        #expect(run(.notFound).map(\.status) == [.problem])
        #expect(run(.unresolved).map(\.status) == [.note])
    }

    @Test func theRealResolverComparesTheRecordALoopbackDNSServerPublishes() throws {
        let relay = try TestRelay()
        let site = try goodSite(relay: relay)
        let checked = try site.run("dkim", "check")
        let line = try #require(checked.stdout.split(separator: "\n").first { $0.contains("record text") })
        let start = try #require(line.range(of: "v=DKIM1")).lowerBound
        let published = String(line[start...])
        let other = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
        for (records, status, words) in [
            (["ed1._domainkey.example.org": ["v=spf1 -all", published]], "ok", "publishes its public key"),
            (["ed1._domainkey.example.org": [other]], "problem", "another public key"),
            (["other._domainkey.example.org": [published]], "problem", "has no TXT record"),
        ] {
            let dns = try DNSTestServer(records: records)
            let result = try site.run("doctor", "--json", "--dns-server", dns.address)
            let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
            let dkim = try #require(report.findings.first { $0.check == "dkim" })
            #expect(dkim.status == status, "\(dkim.message)")
            #expect(dkim.message.contains(words), "\(dkim.message)")
            #expect(result.status == (status == "ok" ? 0 : 1))
        }
    }

    @Test func anIncompleteIssueAndFailedMessagesAreReportedFromTheLedger() throws {
        let relay = try TestRelay()
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        for address in ["ann@example.org", "bounce.bob@example.org", "cem@example.org"] {
            #expect(try runner.run(["subscribers", "add", address]).status == 0)
        }
        #expect(try runner.run(["send", "--yes", "--limit", "2"]).status == 0)
        let result = try runner.run(["doctor", "--json", "--dns-server", Self.noDNS])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let lastSend = report.findings.filter { $0.check == "last send" }
        #expect(
            lastSend.contains {
                $0.status == "warning" && $0.message.contains("Issue 2026-W47 is incomplete: 1 message is")
                    && $0.advice?.contains("bulletin send --week 2026-W47") == true
            }, "\(lastSend)")
        #expect(lastSend.contains { $0.status == "note" && $0.message.contains("1 message of 2026-W47 failed") })

        #expect(try runner.run(["send", "--yes"]).status == 0)
        let done = try runner.run(["doctor", "--json", "--dns-server", Self.noDNS])
        let after = try JSONDecoder().decode(Report.self, from: Data(done.stdout.utf8))
        #expect(
            after.findings.contains { $0.check == "last send" && $0.status == "ok" && $0.message.contains("complete") })
    }

    @Test func aHaltedIssueIsAProblemWithHowToResume() throws {
        let relay = try TestRelay()
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        for address in ["ann@example.org", "cem@example.org"] {
            #expect(try runner.run(["subscribers", "add", address]).status == 0)
        }
        #expect(try runner.run(["send", "--yes", "--limit", "1"]).status == 0)
        try Database(path: site.databasePath, mode: .existing).run(
            "UPDATE issues SET halted_at = 1796000000, halt_reason = ?1 WHERE week = '2026-W47'",
            [.text("60 of the latest 100 outcomes were permanent failures.")])
        let result = try runner.run(["doctor", "--json", "--dns-server", Self.noDNS])
        #expect(result.status == 1)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let halted = try #require(report.findings.first { $0.check == "last send" && $0.status == "problem" })
        #expect(
            halted.message == "Issue 2026-W47 halted itself: 60 of the latest 100 outcomes were permanent failures.")
        #expect(halted.advice?.contains("bulletin send --week 2026-W47 --resume") == true)
    }

    @Test func diskVerdicts() {
        #expect(DiskVerdict(free: 10_000_000_000, database: 100_000_000) == .enough)
        #expect(DiskVerdict(free: 400_000_000, database: 100_000_000) == .low)
        #expect(DiskVerdict(free: 120_000_000, database: 100_000_000) == .tooLow)
    }

    @Test func aServerThatDoesNotAnswerIsUnresolved() throws {
        let lookup = SystemTXTLookup.lookup(server: try #require(DNSServer(Self.noDNS)))
        #expect(lookup("ed1._domainkey.example.org") == .unresolved)
        #expect(DNSServer("127.0.0.1")?.port == 53)
        #expect(DNSServer("localhost:53") == nil)
        #expect(DNSServer("127.0.0.1:99999") == nil)
    }
}
