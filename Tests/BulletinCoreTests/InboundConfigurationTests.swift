import Foundation
import Testing

@testable import BulletinCore

@Suite("[inbound] configuration")
struct InboundConfigurationTests {
    private func parse(_ inbound: String?) throws -> Configuration.Inbound? {
        let text = """
            [newsletter]
            name = "Test"
            from = "News <news@example.org>"
            site_url = "https://example.org"

            """ + (inbound.map { "[inbound]\n\($0)\n" } ?? "")
        return try ConfigurationLoader.parse(
            text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml"
        ).inbound
    }

    private func problem(_ inbound: String) -> ConfigurationError? {
        do {
            _ = try parse(inbound)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func isNilWithoutTheSection() throws {
        #expect(try parse(nil) == nil)
    }

    @Test func readsAnIMAPSMailboxWithItsDefaults() throws {
        let inbound = try #require(
            try parse(
                """
                url = "imaps://mail.example.org/Bounces"
                username = "bounces@example.org"
                password_env = "BULLETIN_INBOUND_PASSWORD"
                processed_folder = "Processed"
                """))
        #expect(inbound.accessProtocol == .imap)
        #expect(inbound.tls == .implicit)
        #expect(inbound.port == 993)
        #expect(inbound.folder == "Bounces")
        #expect(inbound.processedFolder == "Processed")
        #expect(
            try inbound.password(
                environment: ["BULLETIN_INBOUND_PASSWORD": "s3cret"], configurationFile: "bulletin.toml") == "s3cret")
    }

    @Test func readsAPOP3SMaildropWithINBOXLeftOut() throws {
        let inbound = try #require(
            try parse("url = \"pop3s://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\""))
        #expect(inbound.accessProtocol == .pop3)
        #expect(inbound.port == 995)
        #expect(inbound.folder == nil)
    }

    @Test(arguments: [
        ("url = \"https://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"", "inbound.url"),
        ("url = \"imaps://mail.example.org\"\npassword_env = \"P\"", "inbound.username"),
        ("url = \"imaps://mail.example.org\"\nusername = \"b\"", "inbound.username"),
        ("url = \"imap://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\ntls = \"none\"", "inbound.tls"),
        (
            "url = \"imaps://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\ntls = \"starttls\"",
            "inbound.tls"
        ),
        (
            "url = \"pop3s://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\nprocessed_folder = \"X\"",
            "inbound.processed_folder"
        ),
        ("url = \"pop3s://mail.example.org/INBOX\"\nusername = \"b\"\npassword_env = \"P\"", "inbound.url"),
        (
            "url = \"imaps://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\npassword_file = \"p\"",
            "inbound.password_file"
        ),
        (
            "url = \"imaps://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\nca_file = \"/nonexistent.pem\"",
            "inbound.ca_file"
        ),
        (
            "url = \"imaps://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\"\nfolder = \"X\"",
            "inbound.folder"
        ),
    ])
    func badValuesNameTheirKeyInOneSentence(inbound: String, key: String) throws {
        let error = try #require(problem(inbound))
        #expect(error.key == key)
        #expect(!error.description.contains("\n"))
        #expect(error.description.hasSuffix("."))
    }

    @Test func clearTextIMAPIsAllowedToTheLoopback() throws {
        let inbound = try #require(
            try parse("url = \"imap://127.0.0.1:1143/INBOX\"\nusername = \"b\"\npassword_env = \"P\"\ntls = \"none\""))
        #expect(inbound.tls == .none)
        #expect(inbound.port == 1143)
    }

    @Test func anUnsetPasswordVariableNamesTheKey() throws {
        let inbound = try #require(
            try parse("url = \"imaps://mail.example.org\"\nusername = \"b\"\npassword_env = \"P\""))
        #expect(throws: ConfigurationError.self) {
            try inbound.password(environment: [:], configurationFile: "bulletin.toml")
        }
        do {
            _ = try inbound.password(environment: [:], configurationFile: "bulletin.toml")
        } catch let error as ConfigurationError {
            #expect(error.key == "inbound.password_env")
        }
    }
}
