import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// One-click unsubscribe over real HTTP (RFC 8058), and the page a GET shows.
@Suite struct UnsubscribeTests {
    static let oneClick = [("List-Unsubscribe", "One-Click")]

    @Test func oneClickPostUnsubscribesAtOnceAndRecordsTheWebSource() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let reply = try await server.client.post(
                "/unsubscribe?token=\(server.token(.unsubscribe, ada))", form: Self.oneClick)
            #expect(reply.status == 200)
            #expect(reply.body.contains("You are unsubscribed"))
            #expect(try server.subscriber("ada@example.org")?.status == .unsubscribed)
            let event = try #require(try server.events("ada@example.org").last)
            #expect(event.source == "web")
            #expect(event.fromStatus == .active && event.toStatus == .unsubscribed)
            #expect(event.reason == "one-click unsubscribe in issue 2026-W47")
        }
    }

    @Test func aSecondOneClickPostIsAlso200AndRecordsNothingMore() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let path = "/unsubscribe?token=\(server.token(.unsubscribe, ada))"
            let first = try await server.client.post(path, form: Self.oneClick)
            let second = try await server.client.post(path, form: Self.oneClick)
            #expect(first.status == 200 && second.status == 200)
            #expect(first.body == second.body)
            #expect(try server.events("ada@example.org").count == 1)
        }
    }

    @Test func aMultipartOneClickBodyIsHonoured() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let body =
                "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
            let reply = try await server.client.post(
                "/unsubscribe?token=\(server.token(.unsubscribe, ada))", body: Data(body.utf8),
                contentType: "multipart/form-data; boundary=XyZ")
            #expect(reply.status == 200)
            #expect(try server.subscriber("ada@example.org")?.status == .unsubscribed)
        }
    }

    @Test func getNeverUnsubscribesAndShowsAButtonThatPosts() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let token = server.token(.unsubscribe, ada)
            for _ in 0..<3 {
                let reply = try await server.client.get("/unsubscribe?token=\(token)")
                #expect(reply.status == 200)
                #expect(reply.body.contains("<form method=\"post\" action=\"/unsubscribe?token=\(token)\">"))
                #expect(reply.body.contains("name=\"List-Unsubscribe\" value=\"One-Click\""))
                #expect(reply.header("Cache-Control") == "no-store")
                #expect(reply.header("Referrer-Policy") == "no-referrer")
            }
            let head = try await server.client.send("HEAD", "/unsubscribe?token=\(token)", body: nil, headers: [:])
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(try server.subscriber("ada@example.org")?.status == .active)
            #expect(try server.events("ada@example.org").isEmpty)
        }
    }

    @Test func aPostWithoutTheOneClickBodyIsRefusedAndChangesNothing() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let reply = try await server.client.post(
                "/unsubscribe?token=\(server.token(.unsubscribe, ada))", form: [("something", "else")])
            #expect(reply.status == 400)
            #expect(try server.subscriber("ada@example.org")?.status == .active)
        }
    }

    /// Ways a token goes bad: altered, cut, made for another purpose, made with another secret, not a token.
    enum Tampering: String, CaseIterable {
        case flippedCharacter, truncated, preferencesToken, otherSecret, garbage
    }

    @Test(arguments: Tampering.allCases)
    func aBadTokenGetsA400PageAndChangesNothing(_ tampering: Tampering) async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let good = server.token(.unsubscribe, ada)
            let bad: String
            switch tampering {
            case .flippedCharacter:
                var characters = Array(good)
                let middle = characters.count / 2
                characters[middle] = characters[middle] == "A" ? "B" : "A"
                bad = String(characters)
            case .truncated: bad = String(good.dropLast(5))
            case .preferencesToken: bad = server.token(.preferences, ada)
            case .otherSecret:
                bad = try LinkSigner(secret: Array(repeating: 7, count: 32)).token(
                    .unsubscribe, for: ada, issue: "2026-W47")
            case .garbage: bad = "not-a-token"
            }
            let post = try await server.client.post("/unsubscribe?token=\(bad)", form: Self.oneClick)
            let get = try await server.client.get("/unsubscribe?token=\(bad)")
            #expect(post.status == 400)
            #expect(get.status == 400)
            #expect(post.body.contains("nothing was changed"))
            #expect(try server.subscriber("ada@example.org")?.status == .active)
            #expect(try server.events("ada@example.org").isEmpty)
        }
    }

    @Test func aValidTokenForAnErasedSubscriberGetsAHarmlessPage() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org")
            let token = server.token(.unsubscribe, ada)
            try server.store.remove(email: EmailAddress("ada@example.org"), source: "cli", at: server.clock.now)
            let post = try await server.client.post("/unsubscribe?token=\(token)", form: Self.oneClick)
            let get = try await server.client.get("/unsubscribe?token=\(token)")
            #expect(post.status == 200 && get.status == 200)
            #expect(post.body.contains("You are unsubscribed"))
            #expect(!post.body.contains("ada@example.org"))
        }
    }

    @Test func withoutATokenTheUnsubscribePageExplainsWhereTheLinkIs() async throws {
        try await withServer { server in
            let reply = try await server.client.get("/unsubscribe")
            #expect(reply.status == 200)
            #expect(reply.body.contains("unsubscribe link at the bottom of any issue"))
        }
    }

    @Test func someoneWhoBouncedStaysBouncedWhenTheyUnsubscribe() async throws {
        try await withServer { server in
            let bob = try server.add("bob@example.org", status: .bounced)
            let reply = try await server.client.post(
                "/unsubscribe?token=\(server.token(.unsubscribe, bob))", form: Self.oneClick)
            #expect(reply.status == 200)
            #expect(try server.subscriber("bob@example.org")?.status == .bounced)
        }
    }
}
