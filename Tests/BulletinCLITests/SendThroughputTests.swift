import BulletinCore
import Foundation
import Testing

/// `bulletin send` with several sessions to a distant relay, and with messages signed on the builder threads.
@Suite(.serialized) struct SendThroughputTests {
    /// A DigestSite with `count` subscribers and [smtp] on `relay` with `connections` sessions. Keep the site: its
    /// folder is removed when it is released.
    private func site(subscribers count: Int, relay: TestRelay, connections: Int) throws -> (Site, CLIRunner) {
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings + "\nconnections = \(connections)")
        let runner = DigestSite.runner(site)
        let csv = "email,name\n" + (1...count).map { "reader\($0)@example.net,Reader \($0)" }.joined(separator: "\n")
        let path = try site.write(csv + "\n", to: "readers.csv")
        let imported = try runner.run(["subscribers", "import", path])
        guard imported.status == 0 else { throw Site.SiteError(message: imported.stderr) }
        return (site, runner)
    }

    @Test func everySessionHasAMessageInFlightWithADistantRelay() throws {
        // Every answer comes 150 ms late. Sessions that overlap all wait for the reply to their data at once;
        // sessions that took turns (libcurl's multi handle, or a claim or build on the sessions' thread) would not.
        let relay = try TestRelay(["--latency", "150"])
        let (site, runner) = try self.site(subscribers: 12, relay: relay, connections: 4)
        defer { withExtendedLifetime(site) {} }
        let sent = try runner.run(["send", "--yes"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("12 sent, 0 deferred, 0 failed"))
        let stats = try relay.stats()
        #expect(stats.accepted == 12)
        #expect(stats.maxDataWaits == 4, "at most \(stats.maxDataWaits) of 4 sessions waited for a reply at once")
    }

    @Test func messagesSignedWithRSAAndEd25519OnTheBuilderThreadsVerifyWithDkimpy() throws {
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-eml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: saved) }
        let relay = try TestRelay(["--save-dir", saved.path])
        let (site, runner) = try self.site(subscribers: 40, relay: relay, connections: 3)
        defer { withExtendedLifetime(site) {} }
        for (selector, algorithm) in [("rsa1", "rsa-sha256"), ("ed1", "ed25519-sha256")] {
            let made = try runner.run(["dkim", "keygen", "--selector", selector, "--algorithm", algorithm])
            #expect(made.status == 0, "\(made.stderr)")
        }
        try site.configure(
            "dkim",
            """
            selector = "rsa1"
            private_key = "dkim/rsa1.pem"
            second_selector = "ed1"
            second_private_key = "dkim/ed1.pem"
            """)
        let sent = try runner.run(["send", "--yes"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("40 sent, 0 deferred, 0 failed"))

        var records: [String: String] = [:]
        for (selector, algorithm) in [("rsa1", DKIMAlgorithm.rsaSHA256), ("ed1", .ed25519SHA256)] {
            let key = try DKIMPrivateKey(
                contentsOf: site.folder.appendingPathComponent("dkim/\(selector).pem"), algorithm: algorithm)
            records["\(selector)._domainkey.example.org"] = key.dnsRecordText
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: saved.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 40)
        let cases: [String: Any] = [
            "records": records,
            "messages": files.map { ["path": saved.appendingPathComponent($0).path, "expect": ["signatures": 2]] },
        ]
        let input = saved.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", DigestSite.root.appendingPathComponent("Tests/Python/verify_messages.py").path, input.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["checked"] as? Int == 40)
        #expect((result["failures"] as? [String]) == [], "\(result["failures"] ?? "")")
    }
}
