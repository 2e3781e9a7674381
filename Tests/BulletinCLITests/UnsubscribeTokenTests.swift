import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct UnsubscribeTokenTests {
    /// A folder with one active subscriber, the signer for its secret, and the subscriber as stored.
    func prepare() throws -> (MailCLIRunner, LinkSigner, Subscriber) {
        let runner = try MailCLIRunner()
        #expect(try runner.run(["init", "--directory", "site"]).status == 0)
        #expect(try runner.run(["subscribers", "add", "ada@example.org", "--name", "Ada"]).status == 0)
        _ = try runner.run(["subscribers", "activate", "ada@example.org"])
        let secret = try String(
            contentsOfFile: runner.folder.appendingPathComponent("site/bulletin.secret").path, encoding: .utf8)
        let signer = try LinkSigner(
            secret: try #require(Base64URL.decode(secret.trimmingCharacters(in: .whitespacesAndNewlines))))
        let shown = try runner.run(["subscribers", "show", "ada@example.org", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
        let id = try #require((json["id"] as? NSNumber)?.int64Value)
        let database = try Database(
            path: runner.folder.appendingPathComponent("site/Subscribers/bulletin.sqlite").path, mode: .existing)
        let ada = try #require(try SQLiteSubscriberStore(database: database).subscriber(id: id))
        return (runner, signer, ada)
    }

    func status(_ runner: MailCLIRunner) throws -> String {
        let shown = try runner.run(["subscribers", "show", "ada@example.org", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any]
        return json?["status"] as? String ?? ""
    }

    /// The output of a valid token's unsubscribe; that it changes the status once is in-process, in
    /// RemovedAddressAndTokenTests.
    @Test func aValidTokenUnsubscribes() throws {
        let (runner, signer, ada) = try prepare()
        defer { runner.remove() }
        let token = signer.token(.unsubscribe, for: ada, issue: "2026-48")
        let result = try runner.run(["subscribers", "unsubscribe", "--token", token])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Unsubscribed ada@example.org"))
        let again = try runner.run(["subscribers", "unsubscribe", "--token", token])
        #expect(again.status == 0)
        #expect(again.output.contains("already unsubscribed"))
    }

    @Test func tamperedOrForeignTokensAreRefusedAndChangeNothing() throws {
        let (runner, signer, ada) = try prepare()
        defer { runner.remove() }
        var characters = Array(signer.token(.unsubscribe, for: ada, issue: "2026-48"))
        characters[12] = characters[12] == "x" ? "y" : "x"
        let other = try LinkSigner(secret: Array(repeating: 9, count: 32))
        for token in [
            String(characters), signer.token(.preferences, for: ada, issue: "2026-48"),
            signer.token(.confirm, for: ada, issue: ""),
            other.token(.unsubscribe, for: ada, issue: "2026-48"),
            "garbage!", signer.token(.unsubscribe, subscriberID: ada.id + 1000, key: ada.linkKey, issue: "2026-48"),
        ] {
            let result = try runner.run(["subscribers", "unsubscribe", "--token", token])
            #expect(result.status == 65, "\(token): \(result.errors)")
            #expect(result.errors.hasPrefix("bulletin: error: "))
        }
        #expect(try status(runner) == "active")
    }

    @Test func anAddressOrATokenIsRequiredButNotBoth() throws {
        let (runner, signer, ada) = try prepare()
        defer { runner.remove() }
        #expect(try runner.run(["subscribers", "unsubscribe"]).status == 64)
        let token = signer.token(.unsubscribe, for: ada, issue: "")
        #expect(try runner.run(["subscribers", "unsubscribe", "ada@example.org", "--token", token]).status == 64)
    }

    @Test func aMissingSecretIsAConfigurationError() throws {
        let (runner, signer, ada) = try prepare()
        defer { runner.remove() }
        try FileManager.default.removeItem(at: runner.folder.appendingPathComponent("site/bulletin.secret"))
        let result = try runner.run([
            "subscribers", "unsubscribe", "--token", signer.token(.unsubscribe, for: ada, issue: ""),
        ])
        #expect(result.status == 78)
        #expect(result.errors.contains("bulletin.secret"))
    }
}
