import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Logging

/// A fresh database in a temporary folder, with the configuration `init` writes and a link secret: the use
/// cases run against it in-process. The folder is removed when the fixture is released.
final class AppFixture {
    let folder: URL
    let environment: AppEnvironment
    /// A connection of the test's own, to seed and check the store.
    let store: SQLiteSubscriberStore
    let now: Date

    /// A fixture named `name`, sending from `from`, whose clock stands at `clock`.
    init(
        name: String = "Weekly", from: String = "news@example.org", clock: String = "2026-11-18T07:33:20Z"
    ) throws {
        now = Timestamp.parse(clock) ?? Date(timeIntervalSince1970: 1_795_000_000)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configurationURL = folder.appendingPathComponent("bulletin.toml")
        let text = ConfigurationTemplate.render(
            .init(name: name, from: from, replyTo: "", siteURL: "https://example.org"))
        try text.write(to: configurationURL, atomically: true, encoding: .utf8)
        let loaded = try AppEnvironment.load(
            configurationPath: configurationURL.path, environment: ["BULLETIN_NOW": clock],
            logger: Logger(label: "bulletin-app-tests") { _ in SwiftLogNoOpLogHandler() })
        environment = loaded
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let secretFile = loaded.configuration.links.secretFile
        try FileManager.default.createDirectory(
            at: secretFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoded =
            Data(secret).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") + "\n"
        try PrivateFile.create(secretFile.path, holding: Array(encoded.utf8))
        let database = try Database(path: loaded.configuration.store.path.path, mode: .create)
        store = SQLiteSubscriberStore(database: database, links: try loaded.linkSigner())
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a file into the fixture's folder and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A subscriber as stored now.
    func subscriber(_ email: String) throws -> Subscriber? {
        try store.subscriber(email: EmailAddress(email))
    }

    /// Every subscriber, by address.
    func addresses() throws -> [String] {
        try store.list(SubscriberFilter()).map(\.email).sorted()
    }
}
