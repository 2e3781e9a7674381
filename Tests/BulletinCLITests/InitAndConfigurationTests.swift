import Foundation
import Testing

@Suite("bulletin init and configuration")
struct InitAndConfigurationTests {
    @Test func initCreatesConfigDatabaseAndAPrivateSecret() throws {
        let site = try Site()
        let manager = FileManager.default
        #expect(manager.fileExists(atPath: site.folder.appendingPathComponent("bulletin.toml").path))
        #expect(manager.fileExists(atPath: site.folder.appendingPathComponent("Subscribers/bulletin.sqlite").path))
        let secret = site.folder.appendingPathComponent("bulletin.secret").path
        let attributes = try manager.attributesOfItem(atPath: secret)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try String(contentsOfFile: secret, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 43)
        #expect(try site.run("subscribers", "stats").status == 0)
    }

    @Test func initAsksToEditOnlyThePlaceholdersLeft() throws {
        let bare = try Site(initialize: false)
        #expect(
            try bare.run("init").stdout.contains(
                "Next: edit bulletin.toml ([newsletter] name, from, site_url), then add subscribers:"))
        let named = try Site(initialize: false)
        let partly = try named.run("init", "--name", "Eurasia Weekly", "--site-url", "https://eurasia.example.org")
        #expect(partly.stdout.contains("Next: edit bulletin.toml ([newsletter] from), then add subscribers:"))
        let complete = try Site(initialize: false)
        let full = try complete.run(
            "init", "--name", "Eurasia Weekly", "--from", "Eurasia Weekly <news@eurasia.example.org>",
            "--site-url", "https://eurasia.example.org")
        #expect(full.stdout.contains("Next: add subscribers:"))
        #expect(!full.stdout.contains("edit bulletin.toml"))
    }

    @Test func initRefusesToOverwriteAConfiguration() throws {
        let site = try Site()
        let before = try String(contentsOf: site.folder.appendingPathComponent("bulletin.toml"), encoding: .utf8)
        let result = try site.run("init")
        #expect(result.status == 73)
        #expect(result.stderr.contains("already exists"))
        #expect(try String(contentsOf: site.folder.appendingPathComponent("bulletin.toml"), encoding: .utf8) == before)
    }

    @Test func initOverACopiedConfigurationCreatesTheMissingDatabaseAndSecret() throws {
        let site = try Site()
        let manager = FileManager.default
        let configURL = site.folder.appendingPathComponent("bulletin.toml")
        let database = site.folder.appendingPathComponent("Subscribers/bulletin.sqlite").path
        let secret = site.folder.appendingPathComponent("bulletin.secret").path
        let before = try String(contentsOf: configURL, encoding: .utf8)
        try manager.removeItem(at: site.folder.appendingPathComponent("Subscribers"))
        try manager.removeItem(atPath: secret)
        #expect(try site.run("subscribers", "stats").stderr.contains("there is no database"))

        let result = try site.run("init")
        #expect(result.status == 0)
        #expect(result.stdout.contains("database \(database)"))
        #expect(result.stdout.contains("secret \(secret)"))
        #expect(manager.fileExists(atPath: database))
        let attributes = try manager.attributesOfItem(atPath: secret)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOf: configURL, encoding: .utf8) == before)
        #expect(try site.run("subscribers", "add", "a@example.org").status == 0)

        let again = try site.run("init")
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func initOverAConfigurationKeepsAnExistingSecret() throws {
        let site = try Site()
        let secret = site.folder.appendingPathComponent("bulletin.secret")
        let key = try String(contentsOf: secret, encoding: .utf8)
        try FileManager.default.removeItem(at: site.folder.appendingPathComponent("Subscribers/bulletin.sqlite"))

        let result = try site.run("init")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Created  database"))
        #expect(!result.stdout.contains("secret"))
        #expect(try String(contentsOf: secret, encoding: .utf8) == key)
    }

    @Test func initIntoAnotherFolderAndUseItThroughTheEnvironment() throws {
        let site = try Site(initialize: false)
        #expect(try site.run("init", "--directory", "news/site", "--name", "Eurasia Weekly").status == 0)
        var runner = site.runner
        runner.environment["BULLETIN_CONFIG"] = site.folder.appendingPathComponent("news/site/bulletin.toml").path
        #expect(try runner.run(["subscribers", "add", "a@example.org"]).status == 0)
        #expect(
            try site.run("subscribers", "list", "--config", "news/site/bulletin.toml").stdout.contains("a@example.org"))
    }

    @Test func aMissingConfigurationIsOneLineAndExit78() throws {
        let site = try Site(initialize: false)
        let result = try site.run("subscribers", "list")
        #expect(result.status == 78)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("bulletin.toml") == true)
        #expect(lines.first?.contains("bulletin init") == true)
    }

    @Test func anInvalidKeyIsNamedWithExit78() throws {
        let site = try Site()
        let path = site.folder.appendingPathComponent("bulletin.toml")
        let text = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "from = \"Example Weekly <newsletter@example.org>\"", with: "from = \"nobody\"")
        try Data(text.utf8).write(to: path)
        let result = try site.run("subscribers", "stats")
        #expect(result.status == 78)
        #expect(result.stderr.contains("newsletter.from"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func globalOptionsWorkBeforeOrAfterTheSubcommand() throws {
        let site = try Site(initialize: false)
        #expect(try site.run("init", "--directory", "elsewhere").status == 0)
        #expect(try site.run("--config", "elsewhere/bulletin.toml", "subscribers", "add", "a@example.org").status == 0)
        #expect(
            try site.run("subscribers", "--config", "elsewhere/bulletin.toml", "list").stdout.contains("a@example.org"))
        let quiet = try site.run("--quiet", "subscribers", "list", "--config", "elsewhere/bulletin.toml")
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func versionNamesTheLibraries() throws {
        let result = try Site(initialize: false).run("--version")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("bulletin "))
        #expect(result.stdout.contains("libcurl"))
        #expect(result.stdout.contains("SQLite"))
    }

    @Test func helpReadsLikeAManPage() throws {
        let result = try Site(initialize: false).run("subscribers", "import", "--help")
        #expect(result.status == 0)
        #expect(result.stdout.contains("OVERVIEW"))
        #expect(result.stdout.contains("--resubscribe"))
        #expect(result.stdout.contains("RFC 4180"))
    }
}
