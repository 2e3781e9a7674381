import BulletinCore
import BulletinStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Doctor {
    /// That the database opens (read-only: the doctor changes nothing), its schema version and a quick check.
    ///
    /// - Returns: the open database for the checks that read it; nil when it cannot be read.
    func databaseChecks(_ configuration: Configuration, into findings: inout [DoctorFinding]) -> Database? {
        let path = configuration.store.path.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let database: Database
        do {
            database = try Database(path: path, mode: .readOnly, busyTimeout: configuration.store.busyTimeoutSeconds)
            guard try DatabaseSummary.isBulletinDatabase(database) else {
                findings.append(
                    .problem(
                        "database", "\(path) is a SQLite database but not Bulletin's (no subscribers table).",
                        "Check [store] path."))
                return nil
            }
        } catch {
            findings.append(
                .problem(
                    "database", "\(path) cannot be opened: \(errorSentence(error))",
                    "Restore the newest backup with `bulletin store restore FILE`."))
            return nil
        }
        do {
            let summary = try DatabaseSummary(of: database)
            let known = Schema.currentVersion
            if summary.schemaVersion > known {
                findings.append(
                    .problem(
                        "database",
                        "\(path) has schema version \(summary.schemaVersion), newer than this Bulletin knows "
                            + "(\(known)).", "Install the newer Bulletin that wrote it."))
            } else if summary.schemaVersion < known {
                findings.append(
                    .warning(
                        "database",
                        "\(path) has schema version \(summary.schemaVersion); the next command upgrades it to "
                            + "\(known), after copying it beside itself.",
                        "Run `bulletin store backup` first if you want a copy elsewhere too."))
            } else {
                findings.append(.ok("database", "\(path) opens: schema version \(known), \(summary.line)."))
            }
            let problems = try DatabaseSummary.problems(of: database, quick: true)
            if problems.isEmpty {
                findings.append(.ok("database", "The quick check found nothing wrong."))
            } else {
                findings.append(
                    .problem(
                        "database", "The quick check found damage: \(problems.prefix(3).joined(separator: "; ")).",
                        "Restore the newest backup with `bulletin store restore FILE`."))
            }
        } catch {
            findings.append(
                .problem("database", "\(path) cannot be read: \(error)", "Check the file and its permissions."))
            return nil
        }
        return database
    }

    /// The newest issue's delivery: unfinished, unknown and failed messages, and a send running now.
    func lastSend(_ configuration: Configuration, _ database: Database) -> [DoctorFinding] {
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: configuration.smtp.maxAttempts))
        var findings: [DoctorFinding] = []
        let lock = SendLock.holder(path: SendLock.path(forDatabase: configuration.store.path.path))
        if lock.held {
            findings.append(
                .note("last send", "A send is running now (pid \(lock.pid.map(String.init) ?? "unknown")).", nil))
        }
        do {
            // A database older than the delivery ledger (schema 4) has sent nothing through it yet.
            let hasLedger =
                try database.query(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'issues'"
                ) { $0.int64(0) }.first == 1
            guard hasLedger, let week = try ledger.latestWeek(), let issue = try ledger.issue(week: week) else {
                findings.append(.note("last send", "No issue has been sent yet."))
                return findings
            }
            let counts = try ledger.counts(week: week)
            let pending = (counts[.queued] ?? 0) + (counts[.sending] ?? 0) + (counts[.deferred] ?? 0)
            if let reason = issue.haltReason {
                findings.append(
                    .problem(
                        "last send", "Issue \(week) halted itself: \(reason)",
                        "Look at `bulletin status --week \(week)`, mend the cause, then run "
                            + "`bulletin send --week \(week) --resume`; cron leaves a halted issue alone."))
            } else if let completed = issue.completedAt {
                findings.append(
                    .ok(
                        "last send",
                        "Issue \(week) is complete (\(Timestamp.format(completed))): \(counts[.sent] ?? 0) sent."))
            } else if !lock.held {
                findings.append(
                    .warning(
                        "last send",
                        "Issue \(week) is incomplete: \(pending.counted("message")) \(pending.isOrAre) queued, deferred or "
                            + "\(pending.wasOrWere) being sent "
                            + "when a send stopped.",
                        "`bulletin send --week \(week)` resumes it (cron or the timer does so too); "
                            + "`bulletin status --week \(week)` shows why."))
            }
            if let unknown = counts[.unknown], unknown > 0 {
                findings.append(
                    .warning(
                        "last send", "\(unknown.counted("message")) of \(week) may or may not have been delivered.",
                        "Decide: `bulletin send --week \(week) --retry-unknown` sends them again (some may arrive "
                            + "twice)."))
            }
            if let failed = counts[.failed], failed > 0 {
                findings.append(
                    .note(
                        "last send", "\(failed.counted("message")) of \(week) failed.",
                        "`bulletin status --week \(week)` lists them with the relay's replies."))
            }
        } catch {
            findings.append(.problem("last send", "The delivery ledger cannot be read: \(error)"))
        }
        return findings
    }

    /// Free space beside the database.
    func disk(_ configuration: Configuration) -> [DoctorFinding] {
        let path = configuration.store.path.path
        let folder = (path as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else {
            return [.note("disk", "The free space in \(folder) cannot be read.")]
        }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        let sizes =
            "\(DatabaseSummary.size(free)) free in \(folder); the database takes \(DatabaseSummary.size(size + wal))"
        switch DiskVerdict(free: free, database: size + wal) {
        case .enough: return [.ok("disk", sizes + ".")]
        case .low:
            return [
                .warning(
                    "disk", sizes + ": little room for backups and growth.", "Free some space, or move the database.")
            ]
        case .tooLow:
            return [
                .problem(
                    "disk", sizes + ": not enough for a copy before a schema upgrade, nor for the WAL of a send.",
                    "Free some space now.")
            ]
        }
    }
}

/// Whether the free space beside the database is enough: a schema upgrade copies the database, and a send's WAL
/// grows with the audience.
enum DiskVerdict: Equatable {
    /// Room for copies and growth.
    case enough
    /// Little room: a warning.
    case low
    /// Not even room for a copy of the database before a schema upgrade: a problem.
    case tooLow

    /// The verdict for `free` bytes beside a database of `database` bytes.
    init(free: Int, database: Int) {
        if free < database + 64_000_000 {
            self = .tooLow
        } else if free < 2 * database + 512_000_000 {
            self = .low
        } else {
            self = .enough
        }
    }
}
