import Foundation
import Testing

@Suite struct DKIMCommandTests {
    @Test func keygenWritesPrivateKeysAndCheckSignsWithBoth() throws {
        let runner = try MailCLIRunner()
        defer { runner.remove() }
        #expect(try runner.run(["init", "--directory", "site"]).status == 0)
        let site = runner.folder.appendingPathComponent("site")
        let rsa = try runner.run(["dkim", "keygen", "--selector", "rsa1", "--output", "site/dkim/rsa1.pem"])
        #expect(rsa.status == 0, "\(rsa.errors)")
        #expect(rsa.output.contains("rsa1._domainkey.example.org. IN TXT ( \"v=DKIM1; k=rsa; p=MII"))
        let ed = try runner.run([
            "dkim", "keygen", "--selector", "ed1", "--algorithm", "ed25519-sha256", "--output", "site/dkim/ed1.pem",
        ])
        #expect(ed.status == 0)
        #expect(ed.output.contains("v=DKIM1; k=ed25519; p="))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: site.appendingPathComponent("dkim/ed1.pem").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try runner.run(["dkim", "keygen", "--selector", "ed1", "--output", "site/dkim/ed1.pem"]).status == 73)

        let unconfigured = try runner.run(["dkim", "check"])
        #expect(unconfigured.status == 0)
        #expect(unconfigured.output.contains("not configured"))

        let config = site.appendingPathComponent("bulletin.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "[dkim]\n",
            with: "[dkim]\nselector = \"rsa1\"\nprivate_key = \"dkim/rsa1.pem\"\nsecond_selector = \"ed1\"\n"
                + "second_private_key = \"dkim/ed1.pem\"\n")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let check = try runner.run(["dkim", "check"])
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output.contains("rsa-sha256 (2048-bit RSA)"))
        #expect(check.output.contains("ed25519-sha256 (Ed25519)"))
        #expect(check.output.contains("from:reply-to:to:subject") || check.output.contains("from:to:subject"))
        #expect(check.output.contains("signed with every key"))

        text = text.replacingOccurrences(
            of: "second_private_key = \"dkim/ed1.pem\"", with: "second_private_key = \"dkim/rsa1.pem\"")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let wrong = try runner.run(["dkim", "check"])
        #expect(wrong.status == 78)
        #expect(wrong.errors.contains("rsa1.pem"))
    }

    @Test func keygenWithoutAConfigurationTakesTheDomainFromTheCommandLine() throws {
        let runner = try MailCLIRunner()
        defer { runner.remove() }
        let named = try runner.run([
            "dkim", "keygen", "--selector", "s1", "--algorithm", "ed25519-sha256", "--domain", "news.example.net",
        ])
        #expect(named.status == 0, "\(named.errors)")
        #expect(named.output.contains("s1._domainkey.news.example.net. IN TXT"))
        #expect(FileManager.default.fileExists(atPath: runner.folder.appendingPathComponent("dkim/s1.pem").path))
        let bare = try runner.run(["dkim", "keygen", "--selector", "s2"])
        #expect(bare.status == 0)
        #expect(bare.output.contains("s2._domainkey.<your domain>"))
        #expect(try runner.run(["dkim", "keygen", "--selector", "bad selector"]).status == 64)
        #expect(try runner.run(["dkim", "keygen", "--selector", "s3", "--algorithm", "rsa-sha1"]).status == 64)
    }
}
