import BulletinApp
import BulletinCore
import BulletinStore
import BulletinTestSupport
import Foundation
import Logging

/// A newsletter in a folder of its own for the use cases: the configuration `init` writes (with [smtp] on a
/// relay when one is given), a link secret, a real SQLite database with six articles of 2026-W47 and no page
/// views (the issue takes the newest articles), and active subscribers. The clock is 2026-11-25T08:00:00Z.
/// Keep it while the test runs: its folder is removed when it is released.
final class SendSite {
    /// The week the tests send.
    static let weekName = "2026-W47"

    /// The folder.
    let folder: URL
    /// The environment the use cases run in.
    let environment: AppEnvironment

    /// A site with `addresses` subscribed, sending to the aiosmtpd server on `relayPort` (nil: no [smtp] relay);
    /// `bounces` adds a `[bounces]` section with that text (`address = "bounces@example.org"`…).
    init(subscribers addresses: [String], relayPort: Int? = nil, bounces: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("app-send-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = ConfigurationTemplate.render(
            .init(name: "Weekly", from: "news@example.org", replyTo: "", siteURL: "https://example.org"))
        if let relayPort, let range = text.range(of: "\n[smtp]\n") {
            text.insert(contentsOf: "url = \"smtp://127.0.0.1:\(relayPort)\"\ntls = \"none\"\n", at: range.upperBound)
        }
        if let bounces, let range = text.range(of: "\n[bounces]\n") {
            text.insert(contentsOf: bounces + "\n", at: range.upperBound)
        }
        let configuration = folder.appendingPathComponent("bulletin.toml")
        try Data(text.utf8).write(to: configuration)
        let now = Timestamp.parse("2026-11-25T08:00:00Z") ?? Date()
        var logger = Logger(label: "bulletin-app-tests")
        logger.logLevel = .error
        environment = try AppEnvironment.load(
            configurationPath: configuration.path, environment: ["BULLETIN_NOW": "2026-11-25T08:00:00Z"],
            logger: logger)

        let secret = environment.configuration.links.secretFile
        try FileManager.default.createDirectory(
            at: secret.deletingLastPathComponent(), withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        try PrivateFile.create(secret.path, holding: Array((encoded + "\n").utf8), mode: 0o600)

        let database = try Database(path: environment.configuration.store.path.path, mode: .create)
        let articles = (1...6).map { day in
            Article(
                url: "https://example.org/news/story-\(day)", guid: "story-\(day)", title: "Story number \(day)",
                authors: ["Desk"], published: now.addingTimeInterval(-Double(day + 2) * 86_400), updated: nil,
                summaryText: "What happened on day \(day).", summaryHTML: "<p>What happened on day \(day).</p>",
                categories: ["news"], imageURL: nil)
        }
        _ = try SQLiteArticleStore(database: database).save(
            [ArticleBatch(feed: "test", articles: articles, validators: nil)], at: now)
        let store = SQLiteSubscriberStore(database: database, links: try environment.linkSigner())
        for address in addresses {
            try store.add(
                email: try EmailAddress(address), name: "", topics: [], attributes: [:], status: .active,
                source: "test", at: now)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The week the tests send, in the configured zone.
    var week: IssueWeek {
        IssueWeek(ISOWeek(Self.weekName) ?? ISOWeek(containing: 0), timeZone: environment.configuration.digest.timeZone)
    }

    /// The environment again, its clock at `instant` (like "2026-11-25T08:20:00Z"): a later run.
    func environment(at instant: String) throws -> AppEnvironment {
        try AppEnvironment.load(
            configurationPath: folder.appendingPathComponent("bulletin.toml").path,
            environment: ["BULLETIN_NOW": instant], logger: environment.logger)
    }

    /// Adds `lines` to the configuration's `[section]` and returns the environment loaded again from it.
    func configure(_ section: String, _ lines: String) throws -> AppEnvironment {
        try ConfigurationFile.add(lines, to: section, in: folder)
        return try environment(at: "2026-11-25T08:00:00Z")
    }

    /// The subscriber store, on a connection of its own.
    func subscribers() throws -> SQLiteSubscriberStore {
        try environment.subscriberStore()
    }

    /// A ledger on a connection of its own, to look at what a use case recorded.
    func ledger() throws -> SQLiteDeliveryLedger {
        SQLiteDeliveryLedger(database: try environment.openDatabase(), policy: RetryPolicy(maxAttempts: 5))
    }
}
