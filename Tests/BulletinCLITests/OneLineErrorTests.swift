import BulletinStore
import Foundation
import Testing

@Suite("one-line errors and their exit statuses")
struct OneLineErrorTests {
    @Test(arguments: [
        ["subscribers", "import", "/nonexistent.csv"],
        ["views", "import", "/nonexistent.log"],
        ["articles", "import", "/nonexistent.xml"],
    ])
    func aMissingInputFileIsExit66(arguments: [String]) throws {
        let site = try Site()
        let result = try withExtendedLifetime(site) { try site.runner.run(arguments) }
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("bulletin: error: cannot read /nonexistent."))
        #expect(result.stderr.hasSuffix("; check the path and its permissions.\n"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aFolderGivenAsTheInputFileIsExit66() throws {
        let site = try Site()
        #expect(try site.run("subscribers", "import", site.folder.path).status == 66)
        #expect(try site.run("subscribers", "import", "/nonexistent/dir/x.csv").status == 66)
    }

    @Test(arguments: [
        (["subscribers", "list", "--nope"], "subscribers list"),
        (["subscribers", "add"], "subscribers add"),
        (["subscribers", "list", "--limit", "-1"], "subscribers list"),
        (["subscribers", "list", "--status", "gone"], "subscribers list"),
        (["subscribers", "list", "-q", "-v"], "subscribers list"),
        (["--config", "bulletin.toml", "subscribers", "remove", "a@example.org"], "subscribers remove"),
        (["frobnicate"], ""),
    ])
    func aUsageErrorIsOneLineWithExit64(arguments: [String], command: String) throws {
        let site = try Site()
        let result = try withExtendedLifetime(site) { try site.runner.run(arguments) }
        #expect(result.status == 64)
        let help = command.isEmpty ? "bulletin --help" : "bulletin \(command) --help"
        #expect(result.stderr.hasPrefix("bulletin: error: "))
        #expect(result.stderr.hasSuffix("; see '\(help)'.\n"))
        #expect(result.stderr.split(separator: "\n", omittingEmptySubsequences: false).count == 2)
        #expect(!result.stderr.contains("Usage:"))
        #expect(!result.stderr.contains(".;"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theValidationMessageIsKept() throws {
        let result = try Site().run("subscribers", "list", "--quiet", "--verbose")
        #expect(
            result.stderr
                == "bulletin: error: --quiet and --verbose cannot be used together; "
                + "see 'bulletin subscribers list --help'.\n")
    }

    @Test(arguments: [["--help"], ["subscribers", "--help"], ["help", "subscribers"], ["help"], ["--version"]])
    func helpAndVersionStayAsTheyAre(arguments: [String]) throws {
        let site = try Site(initialize: false)
        let result = try withExtendedLifetime(site) { try site.runner.run(arguments) }
        #expect(result.status == 0)
        #expect(!result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    @Test func helpForAnUnknownCommandIsOneLineWithExit64() throws {
        let site = try Site(initialize: false)
        let result = try site.run("help", "nope")
        #expect(result.status == 64)
        #expect(result.stderr == "bulletin: error: there is no command 'nope' in 'bulletin'; see 'bulletin --help'.\n")
        #expect(result.stdout.isEmpty)
        let nested = try site.run("help", "subscribers", "nope")
        #expect(nested.status == 64)
        #expect(nested.stderr.hasSuffix("; see 'bulletin subscribers --help'.\n"))
    }

    @Test func aBusyDatabaseSaysSoWithoutSQLAndExits75() throws {
        let site = try Site()
        let configURL = site.folder.appendingPathComponent("bulletin.toml")
        let config = try String(contentsOf: configURL, encoding: .utf8)
        try config.replacingOccurrences(of: "# busy_timeout = 30", with: "busy_timeout = 1")
            .write(to: configURL, atomically: true, encoding: .utf8)
        let database = try Database(
            path: site.folder.appendingPathComponent("Subscribers/bulletin.sqlite").path, mode: .existing)
        try database.execute("BEGIN IMMEDIATE")
        defer { try? database.execute("ROLLBACK") }

        let result = try site.run("subscribers", "add", "ada@example.org")
        #expect(result.status == 75)
        #expect(
            result.stderr
                == "bulletin: error: the database is busy with another bulletin command (an import or a send); "
                + "try again when it has finished, or raise [store] busy_timeout (now 1 s).\n")
    }
}
