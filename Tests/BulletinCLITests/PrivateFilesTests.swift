import BulletinCore
import BulletinStore
import Foundation
import Testing

/// Issue 14 from the command line: files with personal data are owner-only whatever the umask (the tests run
/// `bulletin` under `umask 000`, the worst a user's shell can have), exposed key files are reported, erasure reaches
/// the send journal, and clear-text SMTP goes only to the loopback.
@Suite struct PrivateFilesTests {
    static func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func theDatabaseItsLogExportsAndDryRunMessagesAreOwnerOnlyUnderAnOpenUmask() throws {
        let site = try Site(initialize: false)
        #expect(try site.runner.run(["init"], umask: "000").status == 0)
        #expect(try site.runner.run(["subscribers", "add", "ada@example.org"], umask: "000").status == 0)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: site.databasePath + suffix) {
            #expect(try Self.mode(site.databasePath + suffix) == 0o600, "\(suffix)")
        }
        let export = site.folder.appendingPathComponent("export.csv").path
        let exported = try site.runner.run(["subscribers", "export", "--output", export], umask: "000")
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Self.mode(export) == 0o600)

        // A group that must read them: [store] mode.
        try site.configure("store", "mode = \"0640\"")
        let grouped = site.folder.appendingPathComponent("grouped.csv").path
        #expect(try site.runner.run(["subscribers", "export", "--output", grouped], umask: "000").status == 0)
        #expect(try Self.mode(grouped) == 0o640)
    }

    @Test func dryRunMessagesCarryLiveLinksAndAreOwnerOnly() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "ned@example.org"]).status == 0)
        let folder = site.folder.appendingPathComponent("out")
        let dry = try runner.run(["send", "--dry-run", folder.path], umask: "000")
        #expect(dry.status == 0, "\(dry.stderr)")
        let file = folder.appendingPathComponent("000001.eml").path
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("/unsubscribe?token="))
        #expect(try Self.mode(file) == 0o600)
    }

    @Test func sendAndInitWarnWhenTheSecretIsReadableByOthers() throws {
        let site = try DigestSite.make()
        let runner = DigestSite.runner(site)
        let secret = site.folder.appendingPathComponent("bulletin.secret").path
        let password = site.folder.appendingPathComponent("smtp.password").path
        try Data("hunter2\n".utf8).write(to: URL(fileURLWithPath: password))
        chmod(secret, 0o644)
        chmod(password, 0o644)
        try site.configure("smtp", "username = \"news\"\npassword_file = \"smtp.password\"")
        chmod(site.databasePath, 0o644)  // as an older Bulletin made it
        let dry = try runner.run(["send", "--dry-run", site.folder.appendingPathComponent("out").path])
        #expect(dry.stderr.contains("the subscriber database \(site.databasePath) is readable by every user"))
        #expect(dry.stderr.contains("the link secret \(secret) is readable by every user"), "\(dry.stderr)")
        #expect(dry.stderr.contains("the SMTP password_file \(password) is readable by every user"))
        #expect(dry.stderr.contains("chmod 600"))

        // init completing a copied folder (configuration and secret kept, no database yet).
        try FileManager.default.removeItem(atPath: site.databasePath)
        let again = try runner.run(["init"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("the link secret \(secret) is readable by every user"))

        chmod(secret, 0o600)
        chmod(password, 0o600)
        chmod(site.databasePath, 0o600)
        let quiet = try runner.run(["subscribers", "list"])
        #expect(!quiet.stderr.contains("readable by every user"))
        let send = try runner.run(["send", "--dry-run", site.folder.appendingPathComponent("out2").path])
        #expect(!send.stderr.contains("readable by every user"), "\(send.stderr)")
    }

    @Test func clearTextSMTPToANameThatOnlyLooksLikeLoopbackExits78() throws {
        let site = try Site()
        try site.configure("smtp", "url = \"smtp://127.attacker.example:2525\"\ntls = \"none\"")
        let result = try site.run("subscribers", "list")
        #expect(result.status == 78)
        #expect(result.stderr.contains("127.attacker.example"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func withoutTheSecretAnErasedAddressCannotComeBackUnnoticed() throws {
        let site = try Site()
        #expect(try site.run("subscribers", "add", "gone@example.org").status == 0)
        #expect(try site.run("subscribers", "remove", "gone@example.org", "--yes").status == 0)
        try FileManager.default.removeItem(at: site.folder.appendingPathComponent("bulletin.secret"))
        let refused = try site.run("subscribers", "add", "gone@example.org")
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("restore the secret file from a backup"), "\(refused.stderr)")
    }
}
