import BulletinCore
import Foundation
import Testing

@Suite struct ConfigurationMailTests {
    static let base = """
        [newsletter]
        name = "Example Weekly"
        from = "Example Weekly <news@example.org>"
        site_url = "https://example.org"

        """

    func parse(_ extra: String) throws -> Configuration {
        try ConfigurationLoader.parse(
            Self.base + extra, file: URL(fileURLWithPath: "/srv/news/bulletin.toml"), displayName: "bulletin.toml")
    }

    func problem(_ extra: String) -> ConfigurationError? {
        do {
            _ = try parse(extra)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func defaultsComeFromTheNewsletter() throws {
        let configuration = try parse("")
        #expect(configuration.mail.listID == "news.example.org")
        #expect(configuration.mail.linkBaseURL.absoluteString == "https://example.org")
        #expect(configuration.mail.unsubscribeAddress.value == "news@example.org")
        #expect(configuration.mail.feedbackID == nil)
        #expect(configuration.mail.extraHeaders.isEmpty)
        #expect(configuration.dkim == nil)
    }

    @Test func readsEveryMailKey() throws {
        let configuration = try parse(
            """
            list_id = "weekly.example.org"
            feedback_id = "48:weekly:bulletin"
            extra_headers = { "X-Campaign" = "weekly", "Precedence" = "bulk" }

            [links]
            base_url = "https://news.example.org/bulletin"
            unsubscribe_email = "leave@example.org"

            [dkim]
            domain = "Example.org"
            selector = "rsa2026"
            private_key = "dkim/rsa.pem"
            second_selector = "ed2026"
            second_private_key = "/etc/bulletin/ed.pem"
            """)
        #expect(configuration.mail.listID == "weekly.example.org")
        #expect(configuration.mail.feedbackID == "48:weekly:bulletin")
        #expect(
            configuration.mail.extraHeaders == [
                .init(name: "Precedence", value: "bulk"), .init(name: "X-Campaign", value: "weekly"),
            ])
        #expect(configuration.mail.linkBaseURL.absoluteString == "https://news.example.org/bulletin")
        #expect(configuration.mail.unsubscribeAddress.value == "leave@example.org")
        let dkim = try #require(configuration.dkim)
        #expect(dkim.domain == "example.org")
        #expect(dkim.keys.map(\.selector) == ["rsa2026", "ed2026"])
        #expect(dkim.keys.map(\.algorithm) == [.rsaSHA256, .ed25519SHA256])
        #expect(dkim.keys.map(\.privateKey.path) == ["/srv/news/dkim/rsa.pem", "/etc/bulletin/ed.pem"])
    }

    @Test(arguments: [
        ("list_id = \"no dots\"", "newsletter.list_id"),
        ("feedback_id = \"bad\\nvalue\"", "newsletter.feedback_id"),
        ("extra_headers = { \"Subject\" = \"x\" }", "newsletter.extra_headers.Subject"),
        ("extra_headers = { \"X-A\" = \"line\\r\\nBcc: x@y.z\" }", "newsletter.extra_headers.X-A"),
        ("extra_headers = \"X-A: b\"", "newsletter.extra_headers"),
        ("[links]\nbase_url = \"ftp://example.org\"", "links.base_url"),
        ("[links]\nunsubscribe_email = \"not an address\"", "links.unsubscribe_email"),
        ("[dkim]\nprivate_key = \"k.pem\"", "dkim.selector"),
        ("[dkim]\nselector = \"s\"", "dkim.private_key"),
        ("[dkim]\nselector = \"bad selector\"\nprivate_key = \"k.pem\"", "dkim.selector"),
        ("[dkim]\nselector = \"s\"\nprivate_key = \"k.pem\"\nalgorithm = \"rsa-sha1\"", "dkim.algorithm"),
        (
            "[dkim]\nselector = \"s\"\nprivate_key = \"k.pem\"\nsecond_selector = \"s\"\nsecond_private_key = \"e.pem\"",
            "dkim.second_selector"
        ),
        ("[dkim]\ndomain = \"not a domain\"", "dkim.domain"),
        ("[dkim]\nkeys = 1", "dkim.keys"),
    ])
    func badValuesNameTheFileAndKey(_ extra: String, _ key: String) throws {
        let error = try #require(problem(extra))
        #expect(error.key == key)
        #expect(error.file == "bulletin.toml")
    }

    @Test func theInitTemplateParsesAndMentionsEveryKey() throws {
        let text = ConfigurationTemplate.render(
            .init(name: "Weekly", from: "news@example.org", replyTo: "", siteURL: "https://example.org"))
        let configuration = try ConfigurationLoader.parse(
            text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
        #expect(configuration.dkim == nil)
        for key in [
            "list_id", "feedback_id", "extra_headers", "base_url", "unsubscribe_email", "[dkim]", "selector",
            "private_key", "algorithm", "second_selector", "second_private_key", "second_algorithm",
        ] {
            #expect(text.contains(key), "\(key)")
        }
    }

    @Test func aMissingKeyFileIsAClearError() throws {
        let configuration = try parse("[dkim]\nselector = \"s\"\nprivate_key = \"/nonexistent/k.pem\"")
        let dkim = try #require(configuration.dkim)
        #expect(throws: DKIMKeyError.unreadable("/nonexistent/k.pem", reason: "no such file")) { try dkim.signers() }
    }

    @Test func aKeyOfTheWrongAlgorithmIsRefused() throws {
        let pem = try DKIMPrivateKey.generate(.ed25519SHA256).pemRepresentation
        #expect(throws: DKIMKeyError.notAKey("k.pem", .rsaSHA256)) {
            try DKIMPrivateKey(pem: pem, algorithm: .rsaSHA256, file: "k.pem")
        }
    }
}
