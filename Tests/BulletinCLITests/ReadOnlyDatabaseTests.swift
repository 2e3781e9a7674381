import Foundation
import Testing

/// The commands that only look work for a user who may read the database but not write it (a newsroom's
/// editor in the group of the file, a monitoring job), as long as its schema is current.
@Suite("Read-only databases")
struct ReadOnlyDatabaseTests {
    /// Root ignores file permissions: the test then runs the commands as `nobody` through setpriv, which needs
    /// the binary to be reachable by that user.
    static let nobody: UInt32 = 65_534

    static var runsAsRoot: Bool { getuid() == 0 }

    static var canLook: Bool {
        guard runsAsRoot else { return true }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        probe.arguments = [
            "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", CLIRunner.executable.path, "--version",
        ]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test(.enabled(if: canLook, "the bulletin binary is not reachable by an unprivileged user here"))
    func listStatsStatusAndPreviewWorkOnADatabaseTheUserMayOnlyRead() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "ada@example.org", "--name", "Ada"]).status == 0)
        let folder = site.folder.appendingPathComponent("Subscribers").path
        let user: UInt32? = Self.runsAsRoot ? Self.nobody : nil
        // Readable by everyone (as a group-readable file is by its group), writable by no one who looks.
        for path in [site.folder.path, folder] { chmod(path, 0o755) }
        for path in [site.databasePath, site.folder.appendingPathComponent("bulletin.toml").path] {
            chmod(path, 0o644)
        }
        if !Self.runsAsRoot {
            chmod(site.databasePath, 0o444)
            chmod(folder, 0o555)
        }
        defer { chmod(folder, 0o755) }

        let list = try runner.run(["subscribers", "list"], asUser: user)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("ada@example.org"))
        let stats = try runner.run(["subscribers", "stats"], asUser: user)
        #expect(stats.status == 0, "\(stats.stderr)")
        let status = try runner.run(["status"], asUser: user)
        #expect(status.status == 0, "\(status.stderr)")
        let preview = try runner.run(["preview", "--week", "2026-W47"], asUser: user)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("Subject: "))
        // Writing still needs the right to write, and says so.
        let add = try runner.run(["subscribers", "add", "bob@example.org"], asUser: user)
        #expect(add.status == 74)
        #expect(add.stderr.contains("read-only"))
    }
}
