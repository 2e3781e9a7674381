import Foundation
import Testing

@testable import BulletinCore

/// The `[web]` part of the commented configuration `bulletin init` writes.
@Suite struct WebConfigurationTemplateTests {
    static let text = ConfigurationTemplate.render(
        .init(name: "N", from: "n@example.org", replyTo: "", siteURL: "https://example.org"))

    @Test func theTemplateMentionsEveryWebKey() {
        for key in ConfigurationLoader.knownKeys["web", default: []] {
            #expect(Self.text.contains("# \(key) = "), "template lacks \(key)")
        }
    }

    @Test func theTemplatesWebLinesParseWhenUncommented() throws {
        var inWeb = false
        var lines: [String] = []
        for line in Self.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("[") { inWeb = line == "[web]" }
            // The templates folder does not exist here; every other example value must parse.
            if inWeb, line.hasPrefix("# "), line.contains(" = "), !line.hasPrefix("# templates") {
                lines.append(String(line.dropFirst(2)))
            } else {
                lines.append(String(line))
            }
        }
        let configuration = try ConfigurationLoader.parse(
            lines.joined(separator: "\n"), file: URL(fileURLWithPath: "/tmp/bulletin.toml"),
            displayName: "bulletin.toml")
        #expect(configuration.web.host == Configuration.Web.defaultHost)
        #expect(configuration.web.port == Configuration.Web.defaultPort)
        #expect(configuration.web.subscribeLimit == Configuration.Web.defaultSubscribeLimit)
        #expect(configuration.web.confirmDays == Configuration.Web.defaultConfirmDays)
        #expect(configuration.web.trustedProxies == ["127.0.0.1", "::1"])
        #expect(configuration.web.topics == ["Politics", "Economy", "Culture"])
    }
}
