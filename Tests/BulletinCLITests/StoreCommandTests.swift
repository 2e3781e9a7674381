import BulletinCore
import BulletinStore
import Foundation
import Testing

/// `bulletin store backup` and `store restore` run as a user or a timer would, on real files; and a backup taken
/// while a `send` of 20,000 messages runs to the real aiosmtpd relay.
@Suite(.serialized) struct StoreCommandTests {
    private func addresses(_ count: Int) -> [String] {
        (0..<count).map { "reader\(String(format: "%05d", $0))@example.org" }
    }

    private func subscribers(_ site: Site) throws -> [String] {
        let listed = try site.run("subscribers", "list", "--limit", "100000")
        return listed.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }.sorted()
    }

    @Test(.timeLimit(.minutes(5)))
    func aBackupTakenWhileTwentyThousandMessagesAreSentHoldsEverySubscriber() throws {
        let count = 20_000
        let relay = try TestRelay()
        let site = try DigestSite.make()
        try site.configure("smtp", relay.smtpSettings + "\nconnections = 4")
        let emails = addresses(count)
        let csv = try site.write("email\n" + emails.joined(separator: "\n") + "\n", to: "readers.csv")
        let runner = DigestSite.runner(site)
        let imported = try runner.run(["subscribers", "import", csv])
        try #require(imported.status == 0, "\(imported.stderr)")

        let clock = ContinuousClock()
        let started = clock.now
        let log = site.folder.appendingPathComponent("send.log")
        let send = try runner.start(["send", "--yes"], log: log)
        // Wait until the relay has taken a good part of the issue, so that the ledger is being written.
        var accepted = 0
        while accepted < 2_000, send.isRunning, clock.now - started < .seconds(120) {
            Thread.sleep(forTimeInterval: 0.2)
            accepted = try relay.stats().messages.count
        }
        try #require(send.isRunning, "the send ended before the backup could start")
        let backup = site.folder.appendingPathComponent("during.sqlite").path
        let taken = try runner.run(["store", "backup", backup])
        let sendStillRunning = send.isRunning
        let acceptedAtBackup = try relay.stats().messages.count
        send.waitUntilExit()
        let seconds = Double((clock.now - started).components.seconds)
        print(
            "store backup test: the backup was taken after \(accepted)–\(acceptedAtBackup) of \(count) messages; "
                + "the send took \(Int(seconds)) s in all")
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(sendStillRunning, "the send had ended before the backup was done")
        #expect(taken.stdout.contains("20,000 subscribers (20,000 active)"), "\(taken.stdout)")
        #expect(send.terminationStatus == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(try relay.stats().messages.count == count)

        let copy = try Database(path: backup, mode: .readOnly)
        #expect(try DatabaseSummary.problems(of: copy, quick: false).isEmpty)
        let stored = Set(try copy.query("SELECT email FROM subscribers") { try $0.string(0) })
        #expect(stored == Set(emails))
        // The audience snapshot was frozen before the copy: every subscriber has a ledger row in it.
        #expect(try copy.query("SELECT count(*) FROM deliveries") { $0.int64(0) } == [Int64(count)])
        let mode = (try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
    }

    @Test func backupsRotateAndARestoreRoundTripKeepsTheDatabaseAsItWas() throws {
        let site = try Site()
        for email in ["ann@example.org", "bob@example.org"] {
            #expect(try site.run("subscribers", "add", email).status == 0)
        }
        let folder = site.folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var runner = site.runner
        for (index, moment) in ["2026-12-01T03:00:00Z", "2026-12-02T03:00:00Z", "2026-12-03T03:00:00Z"].enumerated() {
            runner.environment["BULLETIN_NOW"] = moment
            let result = try runner.run(["store", "backup", folder.path, "--keep", "2"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("2 subscribers (2 active)"), "\(result.stdout)")
            #expect(result.stdout.contains("integrity check ok"))
            if index == 2 { #expect(result.stdout.contains("Removed   1 older backup (keeping 2)")) }
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(kept == ["bulletin-20261202-030000.sqlite", "bulletin-20261203-030000.sqlite"])

        // An existing file is never replaced.
        let again = try site.run("store", "backup", folder.appendingPathComponent(kept[1]).path)
        #expect(again.status == 73)

        #expect(try site.run("subscribers", "add", "cem@example.org").status == 0)
        #expect(try site.run("subscribers", "remove", "ann@example.org", "--yes").status == 0)
        let restored = try site.run("store", "restore", folder.appendingPathComponent(kept[1]).path)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("2 subscribers (2 active)"))
        #expect(try subscribers(site) == ["ann@example.org", "bob@example.org"])
        let beside = try FileManager.default.contentsOfDirectory(
            atPath: site.folder.appendingPathComponent("Subscribers").path
        ).filter { $0.hasSuffix(".before-restore") }
        try #require(beside.count == 1)
        let before = try Database(
            path: site.folder.appendingPathComponent("Subscribers/\(beside[0])").path, mode: .readOnly)
        #expect(
            try before.query("SELECT email FROM subscribers ORDER BY email") { try $0.string(0) } == [
                "bob@example.org", "cem@example.org",
            ])
    }

    @Test func aRestoreRefusesWhileASendHoldsTheLockAndRefusesAFileThatIsNotABackup() throws {
        let site = try Site()
        #expect(try site.run("subscribers", "add", "ann@example.org").status == 0)
        let backup = site.folder.appendingPathComponent("copy.sqlite").path
        #expect(try site.run("store", "backup", backup).status == 0)
        do {
            let lock = try SendLock(path: SendLock.path(forDatabase: site.databasePath))
            defer { withExtendedLifetime(lock) {} }
            let refused = try site.run("store", "restore", backup)
            #expect(refused.status == 75)
            #expect(refused.stderr.contains("another send is running (pid \(getpid()))"), "\(refused.stderr)")
        }
        let notes = try site.write("not a database\n", to: "notes.sqlite")
        let bad = try site.run("store", "restore", notes)
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("cannot be restored"))
        let missing = try site.run("store", "restore", site.folder.appendingPathComponent("none.sqlite").path)
        #expect(missing.status == 66)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: site.folder.appendingPathComponent("Subscribers").path)
        #expect(!names.contains { $0.hasSuffix(".before-restore") })
    }

    @Test func anOlderDatabaseIsCopiedBeforeItsSchemaIsUpgradedAndTheCommandSaysSo() throws {
        let site = try Site(initialize: false)
        #expect(try site.run("init").status == 0)
        try FileManager.default.removeItem(atPath: site.databasePath)
        do {
            let older = try Database(
                path: site.databasePath, mode: .create, migrations: Array(Schema.migrations.prefix(3)))
            // A row as a Bulletin of schema 3 wrote it (today's store writes columns that schema does not have).
            try older.run(
                "INSERT INTO subscribers (email, name, status, created_at, updated_at) VALUES (?1, 'Ann', 'active', 0, 0)",
                [.text("ann@example.org")])
        }
        let doctor = try site.run("doctor", "--dns-server", "127.0.0.1:1")
        #expect(doctor.stdout.contains("has schema version 3; the next command upgrades it"), "\(doctor.stdout)")

        let listed = try site.run("subscribers", "list")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("ann@example.org"))
        let known = Schema.currentVersion
        #expect(
            listed.stderr.contains("bulletin: upgrading the schema of \(site.databasePath) from version 3 to \(known)"))
        let copies = try FileManager.default.contentsOfDirectory(
            atPath: site.folder.appendingPathComponent("Subscribers").path
        ).filter { $0.hasPrefix("bulletin-schema3-") }
        try #require(copies.count == 1)
        #expect(listed.stderr.contains(copies[0]))
        let again = try site.run("subscribers", "list")
        #expect(!again.stderr.contains("upgrading"))
    }
}
