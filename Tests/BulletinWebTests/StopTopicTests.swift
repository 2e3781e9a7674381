import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// The stop link at the end of a topic's section (`/unsubscribe?token=…&topic=NAME`), over real HTTP, and the
/// `[topics]` labels on the forms.
@Suite struct StopTopicTests {
    /// The test site with `[topics]` labels.
    static func labelled(_ site: inout WebSite) {
        site.topics = ["kazakhstan", "economy", "culture"]
        site.topicLabels = ["kazakhstan": "Kazakhstan", "economy": "Economy & Business", "culture": "Culture"]
    }

    @Test func getShowsAButtonAndPostRemovesJustThatTopic() async throws {
        try await withServer(Self.labelled) { server in
            let ada = try server.add("ada@example.org", topics: ["kazakhstan", "economy", "culture"])
            let token = server.token(.unsubscribe, ada)
            let path = "/unsubscribe?token=\(token)&topic=economy"
            for _ in 0..<2 {
                let page = try await server.client.get(path)
                #expect(page.status == 200)
                #expect(page.body.contains("Stop receiving Economy &amp; Business?"))
                #expect(
                    page.body.contains(
                        "<form method=\"post\" action=\"/unsubscribe?token=\(token)&amp;topic=economy\">"))
                #expect(page.header("Cache-Control") == "no-store")
            }
            // A GET never changes anything.
            #expect(try server.subscriber("ada@example.org")?.topics == ["kazakhstan", "economy", "culture"])
            #expect(try server.events("ada@example.org").isEmpty)

            // The button's form: any body, or none.
            let done = try await server.client.post(path, form: [])
            #expect(done.status == 200)
            #expect(done.body.contains("Economy &amp; Business stopped"))
            #expect(done.body.contains("/preferences?token="))
            let after = try #require(try server.subscriber("ada@example.org"))
            #expect(after.topics == ["kazakhstan", "culture"])
            #expect(after.status == .active)
            let event = try #require(try server.events("ada@example.org").last)
            #expect(event.reason == "topic removed: economy")
            #expect(event.source == "web")
            #expect(event.fromStatus == .active && event.toStatus == .active)

            // Again: the reader no longer has it, which the page says kindly, and nothing more is recorded.
            let again = try await server.client.post(path, form: [])
            #expect(again.status == 200)
            #expect(again.body.contains("Economy &amp; Business is not among your topics"))
            #expect(try server.events("ada@example.org").count == 1)
            let page = try await server.client.get(path)
            #expect(page.status == 200)
            #expect(page.body.contains("is not among your topics"))
            #expect(!page.body.contains("<form method=\"post\""))
        }
    }

    @Test func aTopicNameWithSpacesAndAnotherScriptArrivesPercentEncoded() async throws {
        try await withServer({ $0.topics = ["Центральная Азия"] }) { server in
            let ada = try server.add("ada@example.org", topics: ["Центральная Азия", "chess"])
            let encoded =
                "%D0%A6%D0%B5%D0%BD%D1%82%D1%80%D0%B0%D0%BB%D1%8C%D0%BD%D0%B0%D1%8F%20%D0%90%D0%B7%D0%B8%D1%8F"
            let path = "/unsubscribe?token=\(server.token(.unsubscribe, ada))&topic=\(encoded)"
            let page = try await server.client.get(path)
            #expect(page.body.contains("Stop receiving Центральная Азия?"))
            #expect(page.body.contains("&amp;topic=\(encoded)\""))
            #expect(try await server.client.post(path, form: []).status == 200)
            #expect(try server.subscriber("ada@example.org")?.topics == ["chess"])
        }
    }

    @Test func aBadTokenIsRefusedAsTheUnsubscribeRouteDoesAndChangesNothing() async throws {
        try await withServer(Self.labelled) { server in
            let ada = try server.add("ada@example.org", topics: ["economy"])
            var token = server.token(.unsubscribe, ada)
            token.removeLast(3)
            let get = try await server.client.get("/unsubscribe?token=\(token)&topic=economy")
            #expect(get.status == 400)
            let post = try await server.client.post("/unsubscribe?token=\(token)&topic=economy", form: [])
            #expect(post.status == 400)
            let wrong = try await server.client.post(
                "/unsubscribe?token=\(server.token(.preferences, ada))&topic=economy", form: [])
            #expect(wrong.status == 400)
            #expect(try server.subscriber("ada@example.org")?.topics == ["economy"])
            #expect(try server.events("ada@example.org").isEmpty)
        }
    }

    @Test func theOneClickPostWithoutATopicStillUnsubscribesEntirely() async throws {
        try await withServer(Self.labelled) { server in
            let ada = try server.add("ada@example.org", topics: ["economy", "culture"])
            let reply = try await server.client.post(
                "/unsubscribe?token=\(server.token(.unsubscribe, ada))", form: [("List-Unsubscribe", "One-Click")])
            #expect(reply.status == 200)
            #expect(reply.body.contains("You are unsubscribed"))
            #expect(try server.subscriber("ada@example.org")?.status == .unsubscribed)
        }
    }

    @Test func theFormsShowEachTopicsLabelWithItsNameAsTheValue() async throws {
        try await withServer(Self.labelled) { server in
            let form = try await server.client.get("/subscribe")
            #expect(form.body.contains("value=\"economy\"> Economy &amp; Business</label>"))
            #expect(form.body.contains("value=\"kazakhstan\"> Kazakhstan</label>"))
            let ada = try server.add("ada@example.org", topics: ["economy", "chess"])
            let preferences = try await server.client.get("/preferences?token=\(server.token(.preferences, ada))")
            #expect(preferences.body.contains("value=\"economy\" checked> Economy &amp; Business</label>"))
            #expect(preferences.body.contains("value=\"culture\"> Culture</label>"))
            // A topic of the reader's that [topics] does not name is shown by its name.
            #expect(preferences.body.contains("value=\"chess\" checked> chess</label>"))
        }
        // Without [topics] labels, the older [web] topics show as they are.
        try await withServer { server in
            let form = try await server.client.get("/subscribe")
            #expect(form.body.contains("value=\"Politics\"> Politics</label>"))
        }
    }
}
