import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// Subscribe, the confirmation message and double opt-in, the honeypot, the rate limit and no enumeration.
@Suite struct SubscribeTests {
    static func form(_ email: String, name: String = "", topics: [String] = [], trap: String = "") -> [(String, String)]
    {
        [("email", email), ("name", name), ("website", trap)] + topics.map { ("topics", $0) }
    }

    @Test func subscribingMakesAPendingSubscriberAndMailsAConfirmLinkWhosePostConfirms() async throws {
        try await withServer { server in
            let reply = try await server.client.post(
                "/subscribe", form: Self.form("Dana@Example.org", name: "Dana", topics: ["Culture", "Sport"]))
            #expect(reply.status == 200)
            #expect(reply.body.contains("Check your inbox"))
            let dana = try #require(try server.subscriber("dana@example.org"))
            #expect(dana.status == .pending)
            #expect(dana.source == "web")
            #expect(dana.name == "Dana")
            #expect(dana.topics == ["Culture"])  // "Sport" is not offered

            let message = try #require(try await server.transport.waitForMessages(1).first)
            #expect(message.recipient.value == "Dana@example.org")  // the domain is kept in lower case
            let text = MailText.decoded(message.data)
            #expect(text.contains("Subject: Confirm your subscription to Test Weekly"))
            #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
            let link = try #require(MailText.link("https://news.example.org/confirm?token=", in: text))
            let token = try #require(MailText.token(of: link))

            let page = try await server.client.get("/confirm?token=\(token)")
            #expect(page.status == 200)
            #expect(page.body.contains("<form method=\"post\" action=\"/confirm?token=\(token)\">"))
            #expect(try server.subscriber("dana@example.org")?.status == .pending)  // GET changes nothing

            let confirmed = try await server.client.post("/confirm?token=\(token)", form: [])
            #expect(confirmed.status == 200)
            #expect(confirmed.body.contains("You are subscribed"))
            #expect(try server.subscriber("dana@example.org")?.status == .active)
            let event = try #require(try server.events("dana@example.org").last)
            #expect(event.source == "web" && event.fromStatus == .pending && event.toStatus == .active)

            let again = try await server.client.post("/confirm?token=\(token)", form: [])
            #expect(again.status == 200)
            #expect(try server.events("dana@example.org").count == 1)
        }
    }

    @Test func aConfirmLinkExpiresAfterTheConfiguredDays() async throws {
        try await withServer { server in
            _ = try await server.client.post("/subscribe", form: Self.form("erin@example.org"))
            let message = try #require(try await server.transport.waitForMessages(1).first)
            let token = try #require(MailText.confirmToken(in: message.data))
            server.clock.advance(by: 8 * 86_400)
            let page = try await server.client.get("/confirm?token=\(token)")
            let post = try await server.client.post("/confirm?token=\(token)", form: [])
            #expect(page.status == 400 && post.status == 400)
            #expect(post.body.contains("expired"))
            #expect(try server.subscriber("erin@example.org")?.status == .pending)
        }
    }

    @Test func aTamperedConfirmTokenChangesNothing() async throws {
        try await withServer { server in
            let pending = try server.add("fay@example.org", status: .pending)
            let wrongPurpose = server.token(.unsubscribe, pending)
            let reply = try await server.client.post("/confirm?token=\(wrongPurpose)", form: [])
            #expect(reply.status == 400)
            #expect(try server.subscriber("fay@example.org")?.status == .pending)
        }
    }

    @Test func someoneWhoUnsubscribedIsReactivatedOnlyByAFreshConfirmation() async throws {
        try await withServer { server in
            _ = try await server.client.post("/subscribe", form: Self.form("gus@example.org"))
            let first = try #require(try await server.transport.waitForMessages(1).first)
            let oldToken = try #require(MailText.confirmToken(in: first.data))
            #expect(try await server.client.post("/confirm?token=\(oldToken)", form: []).status == 200)
            server.clock.advance(by: 60)
            try server.store.changeStatus(
                email: EmailAddress("gus@example.org"), to: .unsubscribed, source: "cli", reason: "",
                at: server.clock.now)
            server.clock.advance(by: 60)

            // The link from before the unsubscribe no longer subscribes anyone.
            let stale = try await server.client.post("/confirm?token=\(oldToken)", form: [])
            #expect(stale.status == 400)
            #expect(try server.subscriber("gus@example.org")?.status == .unsubscribed)

            // Subscribing again leaves the status alone until the new link is confirmed.
            _ = try await server.client.post("/subscribe", form: Self.form("gus@example.org"))
            #expect(try server.subscriber("gus@example.org")?.status == .unsubscribed)
            let second = try #require(try await server.transport.waitForMessages(2).last)
            let newToken = try #require(MailText.confirmToken(in: second.data))
            #expect(try await server.client.post("/confirm?token=\(newToken)", form: []).status == 200)
            #expect(try server.subscriber("gus@example.org")?.status == .active)
            let event = try #require(try server.events("gus@example.org").last)
            #expect(event.source == "web" && event.fromStatus == .unsubscribed && event.toStatus == .active)
        }
    }

    @Test func theAnswerIsTheSameForNewPendingActiveUnsubscribedAndComplainedAddresses() async throws {
        try await withServer { server in
            try server.add("active@example.org", status: .active)
            try server.add("pending@example.org", status: .pending)
            try server.add("left@example.org", status: .unsubscribed)
            try server.add("angry@example.org", status: .complained)
            var answers: [String: (Int, String, [String])] = [:]
            for email in [
                "new@example.org", "active@example.org", "pending@example.org", "left@example.org",
                "angry@example.org",
            ] {
                let reply = try await server.client.post("/subscribe", form: Self.form(email, name: "X"))
                let headers = reply.headers.keys.map { $0.lowercased() }.filter { $0 != "date" }.sorted()
                answers[email] = (reply.status, reply.body.replacingOccurrences(of: email, with: "ADDRESS"), headers)
            }
            let reference = try #require(answers["new@example.org"])
            for (email, answer) in answers {
                #expect(answer.0 == reference.0, "status for \(email)")
                #expect(answer.1 == reference.1, "page for \(email)")
                #expect(answer.2 == reference.2, "header names for \(email)")
            }
            #expect(try server.subscriber("active@example.org")?.status == .active)
            #expect(try server.subscriber("left@example.org")?.status == .unsubscribed)
            #expect(try server.subscriber("angry@example.org")?.status == .complained)
            // New, pending and unsubscribed get a confirmation; the active and the complained address get nothing.
            let mailed = try await server.transport.waitForMessages(3).map(\.recipient.value).sorted()
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.transport.messages.count == 3)
            #expect(mailed == ["left@example.org", "new@example.org", "pending@example.org"])
        }
    }

    @Test func aFilledHoneypotLooksLikeSuccessButDoesNothing() async throws {
        try await withServer { server in
            let bot = try await server.client.post(
                "/subscribe", form: Self.form("bot@example.org", trap: "http://spam.example"))
            let human = try await server.client.post("/subscribe", form: Self.form("human@example.org"))
            #expect(bot.status == 200)
            #expect(
                bot.body.replacingOccurrences(of: "bot@example.org", with: "A")
                    == human.body.replacingOccurrences(of: "human@example.org", with: "A"))
            #expect(try server.subscriber("bot@example.org") == nil)
            _ = try await server.transport.waitForMessages(1)
            #expect(server.transport.messages.map(\.recipient.value) == ["human@example.org"])
        }
    }

    @Test func anInvalidAddressShowsTheFormAgainWithAnError() async throws {
        try await withServer { server in
            let reply = try await server.client.post("/subscribe", form: Self.form("not an address", name: "Zed"))
            #expect(reply.status == 400)
            #expect(reply.body.contains("role=\"alert\""))
            #expect(reply.body.contains("value=\"Zed\""))
            #expect(try server.store.count(.init()) == 0)
        }
    }

    @Test func theSubscribeFormOffersTheConfiguredTopicsAndAHiddenTrap() async throws {
        try await withServer { server in
            let reply = try await server.client.get("/subscribe")
            #expect(reply.status == 200)
            for topic in ["Politics", "Economy", "Culture"] {
                #expect(reply.body.contains("name=\"topics\" value=\"\(topic)\""))
            }
            #expect(reply.body.contains("<div class=\"trap\" aria-hidden=\"true\">"))
            #expect(reply.body.contains("<label for=\"email\">"))
        }
    }

    @Test func tooManySubscribeRequestsFromOneAddressGet429() async throws {
        try await withServer({ $0.subscribeLimit = 3 }) { server in
            for index in 0..<3 {
                let reply = try await server.client.post("/subscribe", form: Self.form("r\(index)@example.org"))
                #expect(reply.status == 200)
            }
            let limited = try await server.client.post("/subscribe", form: Self.form("r3@example.org"))
            #expect(limited.status == 429)
            #expect(limited.body.contains("Too many requests"))
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 > 0)
            #expect(try server.subscriber("r3@example.org") == nil)
            // Not from a trusted proxy: a forged X-Forwarded-For does not get around the limit.
            let forged = try await server.client.post(
                "/subscribe", form: Self.form("r4@example.org"), headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(forged.status == 429)
        }
    }

    @Test func behindATrustedProxyEachForwardedClientHasItsOwnLimit() async throws {
        try await withServer({
            $0.subscribeLimit = 1
            $0.trustedProxies = ["127.0.0.1"]
        }) { server in
            let first = try await server.client.post(
                "/subscribe", form: Self.form("a@example.org"), headers: ["X-Forwarded-For": "198.51.100.1"])
            let again = try await server.client.post(
                "/subscribe", form: Self.form("b@example.org"), headers: ["X-Forwarded-For": "198.51.100.1"])
            let other = try await server.client.post(
                "/subscribe", form: Self.form("c@example.org"), headers: ["X-Forwarded-For": "198.51.100.2"])
            #expect(first.status == 200)
            #expect(again.status == 429)
            #expect(other.status == 200)
        }
    }
}
