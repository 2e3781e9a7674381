import BulletinApp
import BulletinCore
import Foundation
import Logging
import Synchronization
import Testing

@testable import BulletinWeb

/// Issue 14 over real HTTP: links of erased subscribers, the subscribe form's limits, and the edges.
@Suite struct SecurityTests {
    static func form(_ email: String, name: String = "") -> [(String, String)] {
        [("email", email), ("name", name), ("website", "")]
    }

    @Test func anErasedSubscribersPreferencesLinkDoesNothingToWhoeverGetsTheirIDNext() async throws {
        try await withServer { server in
            try server.add("first@example.org")
            let old = try server.add("old@example.org", name: "Old")
            let preferences = server.token(.preferences, old)
            let unsubscribe = server.token(.unsubscribe, old)
            try server.store.remove(email: EmailAddress("old@example.org"), source: "cli", at: server.clock.now)
            let newcomer = try server.add("new@example.org", name: "Newcomer")
            #expect(newcomer.id == old.id)

            let page = try await server.client.get("/preferences?token=\(preferences)")
            #expect(page.status == 200)
            #expect(!page.body.contains("new@example.org") && !page.body.contains("Newcomer"))
            _ = try await server.client.post("/preferences?token=\(preferences)", form: [("name", "Renamed")])
            _ = try await server.client.post(
                "/unsubscribe?token=\(unsubscribe)", form: [("List-Unsubscribe", "One-Click")])
            let now = try #require(try server.subscriber("new@example.org"))
            #expect(now.name == "Newcomer" && now.status == .active)
            #expect(try server.events("new@example.org").isEmpty)
        }
    }

    @Test func anErasedPendingAddressesConfirmLinkDoesNotConfirmTheNextSubscriber() async throws {
        try await withServer { server in
            _ = try await server.client.post("/subscribe", form: Self.form("victim@example.org"))
            let message = try #require(try await server.transport.waitForMessages(1).first)
            let token = try #require(MailText.confirmToken(in: message.data))
            try server.store.remove(email: EmailAddress("victim@example.org"), source: "cli", at: server.clock.now)
            let other = try server.add("other@example.org", status: .pending)
            #expect(try server.subscriber("other@example.org")?.id == other.id)
            let reply = try await server.client.post("/confirm?token=\(token)", form: [])
            #expect(reply.status == 400)
            #expect(try server.subscriber("other@example.org")?.status == .pending)
        }
    }

    @Test func oneConfirmationPerAddressPerInterval() async throws {
        try await withServer { server in
            for _ in 0..<5 {
                let reply = try await server.client.post("/subscribe", form: Self.form("target@example.org"))
                #expect(reply.status == 200 && reply.body.contains("Check your inbox"))
            }
            _ = try await server.transport.waitForMessages(1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.transport.messages.count == 1)
            server.clock.advance(by: 23 * 3_600)
            _ = try await server.client.post("/subscribe", form: Self.form("target@example.org"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.transport.messages.count == 1)
            server.clock.advance(by: 3_600 + 1)
            _ = try await server.client.post("/subscribe", form: Self.form("TARGET@example.org"))
            #expect(try await server.transport.waitForMessages(2).count == 2)
        }
    }

    @Test func aHugeOrHostileNameIsCutAndCleanedBeforeItReachesTheConfirmationHeader() async throws {
        try await withServer { server in
            let hostile = "Click\u{202E}moc.elpmaxe\u{202C} " + String(repeating: "x", count: 60_000)
            let reply = try await server.client.post("/subscribe", form: Self.form("named@example.org", name: hostile))
            #expect(reply.status == 200)
            let stored = try #require(try server.subscriber("named@example.org"))
            #expect(stored.name.count == 100)
            #expect(!stored.name.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x202C })
            let message = try #require(try await server.transport.waitForMessages(1).first)
            #expect(message.data.count < 10_000)
            let text = String(decoding: message.data, as: UTF8.self)
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: " ")
            let to = try #require(unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("To:") })
            #expect(to.hasSuffix("<named@example.org>"))
            #expect(to.count < 250)
            #expect(!to.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x202C })
        }
    }

    @Test func aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() async throws {
        try await withServer { server in
            let foreign = try await server.client.post(
                "/subscribe", form: Self.form("csrf@example.org"), headers: ["Origin": "https://evil.example"])
            #expect(foreign.status == 403)
            let viaReferer = try await server.client.post(
                "/subscribe", form: Self.form("csrf@example.org"),
                headers: ["Referer": "https://evil.example/page.html"])
            #expect(viaReferer.status == 403)
            let opaque = try await server.client.post(
                "/subscribe", form: Self.form("csrf@example.org"), headers: ["Origin": "null"])
            #expect(opaque.status == 403)
            #expect(try server.subscriber("csrf@example.org") == nil)
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.transport.messages.isEmpty)

            let own = try await server.client.post(
                "/subscribe", form: Self.form("own@example.org"), headers: ["Origin": "https://news.example.org"])
            #expect(own.status == 200)
            let ownReferer = try await server.client.post(
                "/subscribe", form: Self.form("ref@example.org"),
                headers: ["Referer": "https://NEWS.example.org:443/subscribe"])
            #expect(ownReferer.status == 200)
            #expect(try server.subscriber("own@example.org")?.status == .pending)
            // The server reached directly: the Origin names the host the request went to.
            let direct = try await server.client.post(
                "/subscribe", form: Self.form("direct@example.org"),
                headers: ["Origin": server.client.base.absoluteString])
            #expect(direct.status == 200)
        }
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() async throws {
        try await withServer({
            $0.subscribeLimit = 2
            $0.trustedProxies = ["127.0.0.1"]
        }) { server in
            var statuses: [Int] = []
            for (index, client) in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:fffe"]
                .enumerated()
            {
                let reply = try await server.client.post(
                    "/subscribe", form: Self.form("v6-\(index)@example.org"), headers: ["X-Forwarded-For": client])
                statuses.append(reply.status)
            }
            #expect(statuses == [200, 200, 429])
            let otherNetwork = try await server.client.post(
                "/subscribe", form: Self.form("v6-other@example.org"), headers: ["X-Forwarded-For": "2001:db8:1:3::1"])
            #expect(otherNetwork.status == 200)
        }
    }

    @Test func anOversizedBodyIs413() async throws {
        try await withServer { server in
            let body = Data(("email=a%40example.org&name=" + String(repeating: "n", count: 70_000)).utf8)
            let reply = try await server.client.post(
                "/subscribe", body: body, contentType: "application/x-www-form-urlencoded")
            #expect(reply.status == 413)
            #expect(try server.subscriber("a@example.org") == nil)
        }
    }

    @Test(arguments: [
        ("PUT", "/subscribe", "GET, HEAD, POST"), ("DELETE", "/unsubscribe", "GET, HEAD, POST"),
        ("PATCH", "/preferences", "GET, HEAD, POST"), ("DELETE", "/archive", "GET, HEAD"),
        ("PUT", "/archive/2026-W47", "GET, HEAD"), ("POST", "/archive", "GET, HEAD"),
    ])
    func otherMethodsAre405WithAllow(method: String, path: String, allow: String) async throws {
        try await withServer { server in
            let reply = try await server.client.send(method, path, body: Data("x=1".utf8), headers: [:])
            #expect(reply.status == 405)
            #expect(reply.header("Allow") == allow)
        }
    }

    @Test func everySpellingOfATokenParameterIsHiddenInTheLog() {
        #expect(RequestLogMiddleware.loggedPath(path: "/u", query: "TOKEN=abc") == "/u?TOKEN=…")
        #expect(RequestLogMiddleware.loggedPath(path: "/u", query: "a=1;Token=abc;b=2") == "/u?a=1;Token=…;b=2")
        #expect(RequestLogMiddleware.loggedPath(path: "/u", query: "tok%65n=abc&x=y") == "/u?tok%65n=…&x=y")
        #expect(RequestLogMiddleware.loggedPath(path: "/u", query: "tokens=keep") == "/u?tokens=keep")
    }

    @Test func theRateLimitKeyOfAnIPv6AddressIsItsSlash64() {
        #expect(ClientAddress.rateLimitKey("2001:db8:1:2::1") == ClientAddress.rateLimitKey("2001:db8:1:2:a:b:c:d"))
        #expect(ClientAddress.rateLimitKey("2001:db8:1:2::1") != ClientAddress.rateLimitKey("2001:db8:1:3::1"))
        #expect(ClientAddress.rateLimitKey("::ffff:198.51.100.7") == "198.51.100.7")
        #expect(ClientAddress.rateLimitKey("198.51.100.7") == "198.51.100.7")
    }

    /// A relay that refuses every recipient, quoting the address as many do.
    final class QuotingRefusal: MailTransport {
        func deliver(
            next: @escaping @Sendable () -> MailSubmission?,
            report: @escaping @Sendable ([DeliveryResult]) -> Void
        ) async throws {
            while let message = next() {
                report([
                    DeliveryResult(
                        id: message.id,
                        outcome: DeliveryOutcome(
                            kind: .rejected, stage: .rcptTo, replyCode: 550,
                            replyText: "5.1.1 <\(message.recipient)>: Recipient address rejected"))
                ])
            }
        }
    }

    /// The log lines kept.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    /// Keeps every log line.
    struct Capture: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.lines.withLock { $0.append("\(event.message)") } }
    }

    @Test func theConfirmationMailerLogsRelayRepliesWithTheAddressMasked() async throws {
        let lines = Lines()
        let logger = Logger(label: "t") { _ in Capture(lines: lines) }
        let settings = MessageSettings(
            from: try Mailbox(parsing: "Test Weekly <news@example.org>"), listName: "Test Weekly",
            listID: "weekly.example.org", linkBaseURL: "https://news.example.org",
            unsubscribeAddress: try EmailAddress("news@example.org"))
        let links = try LinkSigner(secret: Array(repeating: 3, count: 32))
        let builder = try ConfirmationMessageBuilder(
            settings: settings, templates: try WebTemplates(overrides: nil), links: links, signers: [],
            confirmDays: 7)
        let mailer = ConfirmationMailer(builder: builder, transport: QuotingRefusal(), logger: logger, now: { Date() })
        let task = Task { try await mailer.run() }
        mailer.enqueue(
            ConfirmationRequest(
                subscriberID: 9, linkKey: 1, address: try EmailAddress("lucia.private@example.net"), token: "t"))
        for _ in 0..<300 where lines.all.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("l…@example.net"))
        #expect(!logged.contains("lucia"))
    }
}
