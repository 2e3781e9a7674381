import BulletinCore
import BulletinNet
import BulletinTestSupport
import Foundation
import Testing

/// `CurlLinkChecker` against the site test server started by the test.
@Suite struct CurlLinkCheckerTests {
    @Test func reportsEachAddressStatusAndFallsBackToGETWhenHEADIsRefused() throws {
        let server = try SiteTestServer()
        try server.write("<p>a</p>", to: "a.html")
        try server.write("<p>e</p>", to: "e.html")
        let refused = "http://127.0.0.1:1/nothing-listens"
        let urls = [
            server.url("/a.html"), server.url("/missing.html"), server.url("/gone/d.html"),
            server.url("/no-head/e.html"), refused, "http://bulletin-test.invalid/a", "ftp://example.org/a",
        ]
        let statuses = CurlLinkChecker(timeout: 5, parallel: 3).check(urls)
        #expect(statuses.count == urls.count)
        #expect(statuses[server.url("/a.html")] == .answered(200))
        #expect(statuses[server.url("/missing.html")] == .answered(404))
        #expect(statuses[server.url("/gone/d.html")] == .answered(410))
        #expect(statuses[server.url("/no-head/e.html")] == .answered(200))
        guard case .unreachable = statuses[refused] else {
            Issue.record("a refused connection is unreachable: \(String(describing: statuses[refused]))")
            return
        }
        #expect(statuses["http://bulletin-test.invalid/a"] == .unreachable("the host name does not resolve"))
        #expect(statuses["ftp://example.org/a"] == .unreachable("not an http or https address"))
        #expect(server.requests().filter { $0 == "GET /a.html" }.isEmpty)
    }
}
