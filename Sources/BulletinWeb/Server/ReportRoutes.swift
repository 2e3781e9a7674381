import BulletinApp
import BulletinCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /reports/<week>`: an issue's HTML report (`bulletin report --format html`), only for a request that
/// carries `[web] reports_token` as a bearer token (RFC 6750). Without the key the route is never registered,
/// so the address does not exist (404).
public struct ReportRoutes: Sendable {
    /// The token a request must present.
    let token: String
    /// Makes the reports.
    let desk: ReportDesk

    /// Routes opened by `token`, answered by `desk`.
    public init(token: String, desk: ReportDesk) {
        self.token = token
        self.desk = desk
    }

    /// Adds `/reports/{week}` (GET and HEAD) to the router.
    func register(on router: Router<WebRequestContext>, pages: WebPages) {
        let handler: @Sendable (Request, WebRequestContext) async throws -> Response = { request, context in
            try await report(request, week: context.parameters.get("week") ?? "", pages: pages)
        }
        router.get("/reports/{week}", use: handler)
        router.head("/reports/{week}", use: handler)
    }

    func report(_ request: Request, week: String, pages: WebPages) async throws -> Response {
        guard Self.authorizes(request.headers[.authorization], token: token) else {
            var response = pages.message(
                .unauthorized, title: "Not authorized", "Reports need the reports token as a bearer token.")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"bulletin reports\""
            return response
        }
        guard week.utf8.count <= 16, let parsed = ISOWeek(week),
            let html = try await desk.html(week: parsed.description)
        else {
            return pages.message(.notFound, title: "No such issue", "There is no sent issue for \(week.prefix(16)).")
        }
        return WebPages.html(html)
    }

    /// Whether `header` is `Bearer <token>`, compared in time that depends on the token's length only.
    static func authorizes(_ header: String?, token: String) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
