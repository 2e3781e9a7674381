import BulletinCore
import Foundation
import Testing

@testable import BulletinWeb

/// `/reports/<week>` exists only with `[web] reports_token`, and answers only a request bearing it.
@Suite struct ReportRouteTests {
    static let token = "f3b1c9e27a5d4e8b9c0d1e2f3a4b5c6d"

    @Test func withoutTheTokenConfiguredTheRouteDoesNotExist() async throws {
        try await withServer { fixture in
            try fixture.addIssue(
                week: "2026-W47", number: 1, subject: "One", html: "<p>1</p>", createdAt: 1_795_600_000)
            let reply = try await fixture.client.get(
                "/reports/2026-W47", headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(reply.status == 404)
        }
    }

    @Test func answersOnlyTheBearerOfTheToken() async throws {
        try await withServer(reportsToken: Self.token) { fixture in
            try fixture.addIssue(
                week: "2026-W47", number: 1, subject: "Issue <one>", html: "<p>1</p>", createdAt: 1_795_600_000)
            let missing = try await fixture.client.get("/reports/2026-W47")
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(!missing.body.contains("Issue &lt;one&gt;"))
            let wrong = try await fixture.client.get(
                "/reports/2026-W47", headers: ["Authorization": "Bearer \(Self.token.dropLast())x"])
            #expect(wrong.status == 401)
            let short = try await fixture.client.get(
                "/reports/2026-W47", headers: ["Authorization": "Bearer \(Self.token.dropLast())"])
            #expect(short.status == 401)

            let bearer = ["Authorization": "Bearer \(Self.token)"]
            let report = try await fixture.client.get("/reports/2026-W47", headers: bearer)
            #expect(report.status == 200)
            #expect(report.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(report.body.contains("<h1>Issue &lt;one&gt;</h1>"))
            #expect(report.body.contains("<svg class=\"chart\""))
            #expect(try await fixture.client.get("/reports/2026-W46", headers: bearer).status == 404)
            #expect(try await fixture.client.get("/reports/nonsense", headers: bearer).status == 404)
        }
    }

    /// The real binary reads `[web] reports_token` and wires the route; without the key it answers 404.
    @Test func theServeBinaryOffersReportsOnlyWithTheKey() async throws {
        let sink = try SMTPSink()
        for (token, status) in [(Self.token, 401), (nil, 404)] as [(String?, Int)] {
            var sections = ["smtp": "url = \"smtp://127.0.0.1:\(sink.port)\"\ntls = \"none\""]
            if let token { sections["web"] = "reports_token = \"\(token)\"" }
            let folder = try ServeProcess.makeSite(sections)
            let server = try ServeProcess(folder: folder)
            let client = HTTPClient(base: try #require(URL(string: "http://127.0.0.1:\(try await server.port())")))
            #expect(try await client.get("/reports/2026-W47").status == status)
            // Right token, but no issue sent yet.
            let bearer = ["Authorization": "Bearer \(Self.token)"]
            #expect(try await client.get("/reports/2026-W47", headers: bearer).status == 404)
            #expect(try await server.terminate() == 0)
        }
    }

    /// The preferences page's button says where it was pressed, so that the report tells it from one-click.
    @Test func anUnsubscribeFromThePreferencesPageIsRecordedAsSuch() async throws {
        try await withServer { fixture in
            let ann = try fixture.add("ann@example.org")
            let page = try await fixture.client.get("/preferences?token=\(fixture.token(.preferences, ann))")
            #expect(page.body.contains("name=\"from\" value=\"preferences\""))
            let reply = try await fixture.client.post(
                "/unsubscribe?token=\(fixture.token(.unsubscribe, ann))",
                form: [("List-Unsubscribe", "One-Click"), ("from", "preferences")])
            #expect(reply.status == 200)
            #expect(
                try fixture.events("ann@example.org").last?.reason
                    == "unsubscribed on the preferences page in issue 2026-W47")
            let bob = try fixture.add("bob@example.org")
            _ = try await fixture.client.post(
                "/unsubscribe?token=\(fixture.token(.unsubscribe, bob))", form: [("List-Unsubscribe", "One-Click")])
            #expect(try fixture.events("bob@example.org").last?.reason == "one-click unsubscribe in issue 2026-W47")
        }
    }

    @Test(arguments: [
        ("Bearer abc", "abc", true), ("bearer abc", "abc", true), ("Bearer abd", "abc", false),
        ("Bearer ab", "abc", false), ("Bearer abcd", "abc", false), ("Basic abc", "abc", false), ("", "abc", false),
    ])
    func comparesTheBearerToken(header: String, token: String, accepted: Bool) {
        #expect(ReportRoutes.authorizes(header, token: token) == accepted)
    }
}
