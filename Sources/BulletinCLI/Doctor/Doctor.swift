import BulletinCore
import BulletinNet
import BulletinStore
import Foundation

/// Checks a whole installation: the configuration, file permissions, the database, the relay, the DKIM keys and
/// their records, the last send and the free disk space. Each check adds findings; none stops the others.
struct Doctor {
    /// The configuration file.
    var configPath: String
    /// The process environment (for `[smtp] password_env`).
    var environment: [String: String]
    /// Looks up DKIM records.
    var lookupTXT: TXTLookup = SystemTXTLookup.lookup
    /// The current time.
    var now: Date

    /// Runs every check.
    func run() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: configPath)
            findings.append(.ok("configuration", "\(configuration.file.path) is valid."))
        } catch {
            findings.append(
                .problem(
                    "configuration", errorSentence(error),
                    "Fix the file (`bulletin init --directory DIR` writes a commented one to compare with)."))
            findings.append(
                .note("checks", "The other checks need a valid configuration and were skipped."))
            return findings
        }
        findings += permissions(configuration)
        let database = databaseChecks(configuration, into: &findings)
        findings += relay(configuration)
        findings += dkim(configuration)
        findings.append(
            .note(
                "sources",
                "This Bulletin has no [sources] table, so there are no feed URLs or log paths to check."))
        if let database { findings += lastSend(configuration, database) }
        findings += disk(configuration)
        return findings
    }
}
