import BulletinApp
import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// The pieces under the server: form bodies, client addresses, the rate limiter, the log line, the templates
/// and the [web] configuration.
@Suite struct WebPartsTests {
    @Test func urlencodedFormsDecodePlusAndPercentEscapes() {
        let form = FormBody(
            contentType: "application/x-www-form-urlencoded",
            body: Array("name=Ada+L%C3%B6velace&topics=A&topics=B%20C&empty=&flag".utf8))
        #expect(form.first("name") == "Ada Lövelace")
        #expect(form.all("topics") == ["A", "B C"])
        #expect(form.first("empty") == "")
        #expect(form.first("flag") == "")
    }

    @Test func multipartFormsAreRead() {
        let body = """
            --b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n\
            --b1\r\nContent-Disposition: form-data; name="note"\r\n\r\ntwo\r\nlines\r\n--b1--\r\n
            """
        let form = FormBody(contentType: "multipart/form-data; boundary=\"b1\"", body: Array(body.utf8))
        #expect(form.first("List-Unsubscribe") == "One-Click")
        #expect(form.first("note") == "two\r\nlines")
    }

    @Test func otherBodyTypesGiveNoFields() {
        #expect(FormBody(contentType: "application/json", body: Array("{\"a\":1}".utf8)).fields.isEmpty)
    }

    @Test(arguments: [
        ("10.0.0.5", "203.0.113.1", Set<String>(), "10.0.0.5"),
        ("127.0.0.1", "203.0.113.1", Set(["127.0.0.1"]), "203.0.113.1"),
        ("127.0.0.1", "198.51.100.7, 203.0.113.1", Set(["127.0.0.1"]), "203.0.113.1"),
        ("127.0.0.1", "198.51.100.7, 10.0.0.2", Set(["127.0.0.1", "10.0.0.2"]), "198.51.100.7"),
        ("127.0.0.1", "", Set(["127.0.0.1"]), "127.0.0.1"),
    ])
    func theClientAddressBelievesOnlyTrustedProxies(peer: String, header: String, trusted: Set<String>, client: String)
    {
        #expect(
            ClientAddress.resolve(peer: peer, forwardedFor: header.isEmpty ? nil : header, trusted: trusted) == client)
    }

    @Test func theRateLimiterAllowsABurstThenRefillsEvenlyOverTheHour() {
        let limiter = SubscribeRateLimiter(limit: 4)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect((0..<4).allSatisfy { _ in limiter.allow("a", at: start) })
        #expect(!limiter.allow("a", at: start))
        #expect(limiter.allow("b", at: start))
        #expect(limiter.retryAfter("a", at: start) == 900)
        #expect(!limiter.allow("a", at: start.addingTimeInterval(899)))
        #expect(limiter.allow("a", at: start.addingTimeInterval(900)))
        #expect(SubscribeRateLimiter(limit: 0).allow("a", at: start))
    }

    @Test func theRequestLogHidesTokenValues() {
        #expect(RequestLogMiddleware.loggedPath(path: "/unsubscribe", query: "token=AbC123") == "/unsubscribe?token=…")
        #expect(RequestLogMiddleware.loggedPath(path: "/archive", query: nil) == "/archive")
        #expect(RequestLogMiddleware.loggedPath(path: "/x", query: "a=1&token=z") == "/x?a=1&token=…")
    }

    @Test func confirmationStampsReadBackAndRefuseOtherLabels() {
        let stamp = ConfirmationStamp(issued: Date(timeIntervalSince1970: 1_795_000_000.7))
        #expect(stamp.label == "subscribe-1795000000")
        #expect(ConfirmationStamp(label: stamp.label) == stamp)
        #expect(ConfirmationStamp(label: "2026-W47") == nil)
    }

    @Test func theRepositoryTemplatesWebFolderMirrorsTheStockTemplates() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Templates/web")
        let sources = WebTemplates.stockSources
        #expect(Set(sources.keys) == Set(WebTemplates.names))
        for (name, source) in sources {
            let file = folder.appendingPathComponent(name + ".mustache")
            #expect(try String(contentsOf: file, encoding: .utf8) == source, "Templates/web/\(name).mustache")
        }
    }

    @Test func aTemplateInTheOverrideFolderReplacesTheStockPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>Custom subscribe for {{newsletter}}</p>".utf8).write(
            to: folder.appendingPathComponent("subscribe.html.mustache"))
        try await withServer(templates: folder) { server in
            let custom = try await server.client.get("/subscribe")
            #expect(custom.body == "<p>Custom subscribe for Test Weekly</p>")
            let stock = try await server.client.get("/archive")
            #expect(stock.body.contains("Past issues"))
        }
    }

    @Test func aBrokenOverrideTemplateIsAConfigurationError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{#open}} never closed".utf8).write(to: folder.appendingPathComponent("confirm.html.mustache"))
        #expect {
            _ = try WebTemplates(overrides: folder)
        } throws: { error in
            guard let error = error as? WebServerError, case .template(let name, _, _) = error else { return false }
            return name == "confirm.html"
        }
    }

    /// Something in place of an override that cannot be used as one (tests run as root, who reads mode 000 files).
    enum UnusableOverride: String, CaseIterable, Sendable {
        case notUTF8 = "is not UTF-8 text"
        case folder = "is a folder, not a file"

        func make(at file: URL) throws {
            switch self {
            case .notUTF8: try Data([0x3C, 0x70, 0x3E, 0xFF, 0xFE, 0xC3, 0x28]).write(to: file)
            case .folder: try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
            }
        }
    }

    @Test(arguments: UnusableOverride.allCases)
    func anUnreadableOverrideTemplateIsAConfigurationErrorNamingTheFile(_ override: UnusableOverride) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("subscribe.html.mustache")
        try override.make(at: file)
        let error = try #require(throws: WebServerError.self) { try WebTemplates(overrides: folder) }
        #expect(error == .unreadableTemplate(path: file.path, problem: override.rawValue))
        #expect(error.description.contains(file.path))
        #expect(error.description.contains("remove it from [web] templates"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aMissingOverrideTemplateMeansTheStockPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = try WebTemplates(overrides: folder)
        #expect(templates.render("archive.html", ["hasIssues": false]).contains("Past issues"))
    }

    static let baseConfiguration = """
        [newsletter]
        name = "Weekly"
        from = "Weekly <news@example.org>"
        site_url = "https://example.org"

        """

    @Test func theWebSectionIsRead() throws {
        let text =
            Self.baseConfiguration + """
                [web]
                host = "0.0.0.0"
                port = 9090
                trusted_proxies = ["127.0.0.1", "::1"]
                subscribe_limit = 12
                topics = ["Politics", " Culture "]
                confirm_days = 3
                """
        let configuration = try ConfigurationLoader.parse(
            text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
        #expect(configuration.web.host == "0.0.0.0")
        #expect(configuration.web.port == 9090)
        #expect(configuration.web.trustedProxies == ["127.0.0.1", "::1"])
        #expect(configuration.web.subscribeLimit == 12)
        #expect(configuration.web.topics == ["Politics", "Culture"])
        #expect(configuration.web.confirmDays == 3)
        let site = WebSite(configuration: configuration)
        #expect(site.linkBaseURL == "https://example.org")
        #expect(site.pathPrefix == "")
    }

    @Test(arguments: [
        ("[web]\nport = 70000", "web.port"),
        ("[web]\ntopics = \"Politics\"", "web.topics"),
        ("[web]\nrate_limit = 3", "web.rate_limit"),
        ("[web]\ntemplates = \"/nonexistent/bulletin-web-templates\"", "web.templates"),
    ])
    func badWebKeysAreConfigurationErrors(section: String, key: String) throws {
        #expect {
            _ = try ConfigurationLoader.parse(
                Self.baseConfiguration + section, file: URL(fileURLWithPath: "/tmp/bulletin.toml"),
                displayName: "bulletin.toml")
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(key) == true
        }
    }

    @Test func aBaseURLWithAPathPrefixesThePagesLinks() {
        let site = WebSite(
            newsletterName: "W", linkBaseURL: "https://example.org/newsletter/", publicAddress: "news@example.org")
        #expect(site.linkBaseURL == "https://example.org/newsletter")
        #expect(site.pathPrefix == "/newsletter")
    }
}
