import Foundation
import Testing

/// `bulletin links`: a subscriber's signed links, as messages carry them.
@Suite struct LinksCommandTests {
    static func site() throws -> URL {
        let folder = try ServeProcess.makeSite(["links": "base_url = \"https://news.example.org/letters\""])
        for email in ["ada@example.org", "bob@example.org"] {
            #expect(try ServeProcess.run(["subscribers", "add", email], in: folder).status == 0)
        }
        return folder
    }

    @Test func aPrintedUnsubscribeLinkIsOneTheTokenCheckHonours() throws {
        let folder = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = try ServeProcess.run(["links", "unsubscribe", "bob@example.org"], in: folder)
        #expect(link.status == 0)
        let text = link.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.hasPrefix("https://news.example.org/letters/unsubscribe?token="))
        let token = try #require(MailText.token(of: text))
        let honoured = try ServeProcess.run(["subscribers", "unsubscribe", "--token", token], in: folder)
        #expect(honoured.status == 0)
        #expect(honoured.output.contains("Unsubscribed bob@example.org"))
    }

    @Test func allPrintsOneTokenPerActiveSubscriber() throws {
        let folder = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ServeProcess.run(["subscribers", "unsubscribe", "ada@example.org"], in: folder).status == 0)
        let tokens = try ServeProcess.run(["links", "preferences", "--all", "--token-only"], in: folder)
        #expect(tokens.status == 0)
        #expect(tokens.output.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        (["links", "resubscribe", "ada@example.org"], Int32(64)),
        (["links", "unsubscribe"], Int32(64)),
        (["links", "unsubscribe", "ada@example.org", "--all"], Int32(64)),
        (["links", "unsubscribe", "nobody@example.org"], Int32(65)),
    ])
    func mistakesAreRefusedWithTheirExitCode(arguments: [String], status: Int32) throws {
        let folder = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ServeProcess.run(arguments, in: folder)
        #expect(result.status == status)
        #expect(result.output.contains("rror"))
    }
}
