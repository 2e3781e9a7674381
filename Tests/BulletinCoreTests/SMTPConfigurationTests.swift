import Foundation
import Testing

@testable import BulletinCore

@Suite("[smtp] configuration")
struct SMTPConfigurationTests {
    private func parse(_ smtp: String) throws -> Configuration.SMTP {
        let text = """
            [newsletter]
            name = "Test"
            from = "News <news@example.org>"
            site_url = "https://example.org"

            [smtp]
            \(smtp)
            """
        return try ConfigurationLoader.parse(
            text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml"
        ).smtp
    }

    @Test func theEnvelopeSenderIsEnvelopeFromElseTheFromAddress() throws {
        func configuration(_ smtp: String) throws -> Configuration {
            try ConfigurationLoader.parse(
                "[newsletter]\nname = \"T\"\nfrom = \"News <news@example.org>\"\nsite_url = \"https://example.org\"\n"
                    + "[smtp]\n\(smtp)\n",
                file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
        }
        #expect(try configuration("").envelopeSender.value == "news@example.org")
        #expect(
            try configuration("envelope_from = \"bounces@example.org\"").envelopeSender.value == "bounces@example.org")
    }

    @Test func defaultsToStarttlsOnTheLocalRelay() throws {
        let smtp = try parse("")
        #expect(smtp.url.absoluteString == "smtp://localhost:25")
        #expect(smtp.tls == .starttls)
        #expect(smtp.ehloName == "example.org")
        #expect(smtp.connections == 4)
        #expect(smtp.maxMessagesPerConnection == 1_000)
        #expect(smtp.rate == 0)
        #expect(smtp.maxAttempts == 5)
        #expect(smtp.username == nil)
    }

    @Test func anSmtpsURLMeansImplicitTLS() throws {
        let smtp = try parse("url = \"smtps://mail.example.org\"")
        #expect(smtp.tls == .implicit)
        #expect(smtp.port == 465)
    }

    @Test(arguments: [
        ("url = \"http://mail.example.org\"", "smtp.url"),
        ("url = \"smtp://mail.example.org\"\ntls = \"none\"", "smtp.tls"),
        ("url = \"smtp://mail.example.org\"\ntls = \"implicit\"", "smtp.tls"),
        ("tls = \"maybe\"", "smtp.tls"),
        ("username = \"u\"", "smtp.username"),
        ("password_env = \"P\"", "smtp.username"),
        ("username = \"u\"\npassword_env = \"P\"\npassword_file = \"p\"", "smtp.password_file"),
        ("connections = 0", "smtp.connections"),
        ("rate = -1", "smtp.rate"),
        ("ehlo_name = \"bad name\"", "smtp.ehlo_name"),
        ("ca_file = \"/nonexistent/ca.pem\"", "smtp.ca_file"),
        ("colour = 1", "smtp.colour"),
    ])
    func rejectsABadKeyNamingIt(line: String, key: String) throws {
        do {
            _ = try parse(line)
            Issue.record("\(line) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == key)
            #expect(error.description.hasPrefix("bulletin.toml: \(key): "))
        }
    }

    @Test func clearTextIsAllowedToTheLoopbackOrWhenAllowed() throws {
        #expect(try parse("url = \"smtp://127.0.0.1:2525\"\ntls = \"none\"").tls == .none)
        #expect(try parse("url = \"smtp://localhost\"\ntls = \"none\"").tls == .none)
        #expect(try parse("url = \"smtp://relay.lan\"\ntls = \"none\"\nallow_insecure = true").allowInsecure)
    }

    @Test func thePasswordComesFromTheEnvironmentAndIsNeverInAnError() throws {
        let smtp = try parse("username = \"u\"\npassword_env = \"BULLETIN_SMTP_PASSWORD\"")
        #expect(try smtp.password(environment: ["BULLETIN_SMTP_PASSWORD": "pw 1"], configurationFile: "f") == "pw 1")
        #expect(throws: ConfigurationError.self) { try smtp.password(environment: [:], configurationFile: "f") }
    }

    @Test func thePasswordFileGivesItsFirstLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try Data("s3cret\nignored\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let smtp = try parse("username = \"u\"\npassword_file = \"\(file.path)\"")
        #expect(try smtp.password(environment: [:], configurationFile: "f") == "s3cret")
    }

    @Test func theTemplateMentionsEveryKey() {
        let text = ConfigurationTemplate.render(
            .init(name: "N", from: "n@example.org", replyTo: "", siteURL: "https://example.org"))
        for key in ConfigurationLoader.knownKeys["smtp", default: []] {
            #expect(text.contains("# \(key) = "), "template lacks \(key)")
        }
    }
}
