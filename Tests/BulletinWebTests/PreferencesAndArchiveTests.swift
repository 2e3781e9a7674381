import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// The preferences form and the archive of sent issues.
@Suite struct PreferencesAndArchiveTests {
    @Test func thePreferencesPageShowsTheNameAndTopicsAndAnUnsubscribeButton() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org", name: "Ada L", topics: ["Economy", "Chess"])
            let token = server.token(.preferences, ada)
            let reply = try await server.client.get("/preferences?token=\(token)")
            #expect(reply.status == 200)
            #expect(reply.body.contains("value=\"Ada L\""))
            #expect(reply.body.contains("name=\"topics\" value=\"Economy\" checked"))
            #expect(reply.body.contains("name=\"topics\" value=\"Politics\">"))
            #expect(reply.body.contains("name=\"topics\" value=\"Chess\" checked"))  // kept though not offered
            let unsubscribe = server.token(.unsubscribe, ada)
            #expect(reply.body.contains("action=\"/unsubscribe?token=\(unsubscribe)\""))
        }
    }

    @Test func savingPreferencesChangesNameAndTopicsAndRecordsAWebEvent() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org", name: "Ada", topics: ["Economy"])
            let token = server.token(.preferences, ada)
            let reply = try await server.client.post(
                "/preferences?token=\(token)",
                form: [("name", "Ada Lovelace"), ("topics", "Politics"), ("topics", "Culture"), ("topics", "Bogus")])
            #expect(reply.status == 200)
            #expect(reply.body.contains("Your changes are saved"))
            let saved = try #require(try server.subscriber("ada@example.org"))
            #expect(saved.name == "Ada Lovelace")
            #expect(saved.topics == ["Politics", "Culture"])
            #expect(saved.status == .active)
            let event = try #require(try server.events("ada@example.org").last)
            #expect(event.source == "web")
            #expect(event.reason == "preferences: name, topics")
            #expect(event.fromStatus == .active && event.toStatus == .active)

            let same = try await server.client.post(
                "/preferences?token=\(token)",
                form: [("name", "Ada Lovelace"), ("topics", "Politics"), ("topics", "Culture")])
            #expect(same.status == 200)
            #expect(try server.events("ada@example.org").count == 1)
        }
    }

    @Test func aTamperedPreferencesTokenChangesNothing() async throws {
        try await withServer { server in
            let ada = try server.add("ada@example.org", name: "Ada")
            let reply = try await server.client.post(
                "/preferences?token=\(server.token(.unsubscribe, ada))", form: [("name", "Mallory")])
            #expect(reply.status == 400)
            #expect(try server.subscriber("ada@example.org")?.name == "Ada")
        }
    }

    static let issueHTML = """
        <!DOCTYPE html><html><body><p>Hello \u{E000}name\u{E001}!</p>\
        <p><a href="\u{E000}unsubscribe_url\u{E001}">Unsubscribe</a> · \
        <a href="\u{E000}preferences_url\u{E001}">Preferences</a></p>\
        <p data-personal style="margin:0;">You receive it at \u{E000}email\u{E001} because you subscribed.</p>\
        </body></html>
        """

    @Test func theArchiveListsSentIssuesNewestFirst() async throws {
        try await withServer { server in
            try server.addIssue(
                week: "2026-W46", number: 11, subject: "Eleven & more", html: Self.issueHTML, createdAt: 1_794_000_000)
            try server.addIssue(
                week: "2026-W47", number: 12, subject: "Twelve", html: Self.issueHTML, createdAt: 1_794_600_000)
            let reply = try await server.client.get("/archive")
            #expect(reply.status == 200)
            let newer = try #require(reply.body.range(of: "<a href=\"/archive/2026-W47\">Twelve</a>"))
            let older = try #require(reply.body.range(of: "<a href=\"/archive/2026-W46\">Eleven &amp; more</a>"))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(reply.body.contains("No. 12"))
        }
    }

    @Test func anArchivedIssueIsItsStoredHTMLWithNoPersonalData() async throws {
        try await withServer { server in
            try server.addIssue(
                week: "2026-W47", number: 12, subject: "Twelve", html: Self.issueHTML, createdAt: 1_794_600_000)
            let reply = try await server.client.get("/archive/2026-W47")
            #expect(reply.status == 200)
            #expect(reply.body.contains("<p>Hello !</p>"))
            #expect(reply.body.contains("href=\"https://news.example.org/unsubscribe\""))
            #expect(reply.body.contains("href=\"https://news.example.org/preferences\""))
            #expect(!reply.body.contains("\u{E000}"))
            #expect(!reply.body.contains("token="))
            #expect(!reply.body.contains("You receive"))
            let viewInBrowser = try await server.client.get("/newsletter/2026-W47")
            #expect(viewInBrowser.status == 200)
            #expect(viewInBrowser.body == reply.body)
        }
    }

    @Test func anUnknownWeekOrPathGetsA404Page() async throws {
        try await withServer { server in
            let week = try await server.client.get("/archive/2030-W01")
            #expect(week.status == 404)
            #expect(week.body.contains("No such issue"))
            let path = try await server.client.get("/no/such/page")
            #expect(path.status == 404)
            #expect(path.body.contains("Page not found"))
        }
    }

    @Test func anEmptyArchiveSaysSo() async throws {
        try await withServer { server in
            let reply = try await server.client.get("/archive")
            #expect(reply.status == 200)
            #expect(reply.body.contains("No issue has been sent yet."))
        }
    }

    @Test func theHealthEndpointAnswersOK() async throws {
        try await withServer { server in
            let reply = try await server.client.get("/health")
            #expect(reply.status == 200)
            #expect(reply.body == "ok\n")
        }
    }
}
