import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Logging
import Testing

@Suite struct AppEnvironmentTests {
    /// A folder with the configuration `init` writes, and nothing else.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("app-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let text = ConfigurationTemplate.render(
            .init(name: "Weekly", from: "news@example.org", replyTo: "", siteURL: "https://example.org"))
        try text.write(to: url.appendingPathComponent("bulletin.toml"), atomically: true, encoding: .utf8)
        return url
    }

    @Test func readsTheClockOnceFromBulletinNow() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let environment = try AppEnvironment.load(
            configurationPath: url.appendingPathComponent("bulletin.toml").path,
            environment: ["BULLETIN_NOW": "2026-11-23T07:00:00Z"], logger: Logger(label: "test"))
        #expect(environment.now() == Timestamp.parse("2026-11-23T07:00:00Z"))
        #expect(environment.configuration.newsletter.name == "Weekly")
    }

    @Test func refusesAClockThatIsNotADate() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ClockError.self) {
            try AppEnvironment.load(
                configurationPath: url.appendingPathComponent("bulletin.toml").path,
                environment: ["BULLETIN_NOW": "Monday"], logger: Logger(label: "test"))
        }
    }

    @Test func aMissingDatabaseIsAnOpenErrorNotANewFile() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let environment = try AppEnvironment.load(
            configurationPath: url.appendingPathComponent("bulletin.toml").path, environment: [:],
            logger: Logger(label: "test"))
        #expect(throws: DatabaseOpenError.self) { try environment.subscriberStore() }
        #expect(!FileManager.default.fileExists(atPath: environment.configuration.store.path.path))
    }

    @Test func fetchingWithoutAnInboundSectionSaysWhatToAdd() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let environment = try AppEnvironment.load(
            configurationPath: url.appendingPathComponent("bulletin.toml").path, environment: [:],
            logger: Logger(label: "test"))
        let error = #expect(throws: ConfigurationError.self) { try environment.inboundFetcher() }
        #expect(error?.key == nil)
        #expect(
            error?.description.hasSuffix(
                "there is no [inbound] section; add one with url, username, and "
                    + "password_env or password_file, to fetch mail from a mailbox.") == true)
    }
}
