import BulletinCore
import BulletinStore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `send --dry-run DIR`: every message the run would send, written to DIR/000001.eml, DIR/000002.eml, … instead
/// of being sent. Nothing is recorded: no issue is frozen, no row changes. One message is in memory at a time.
struct DryRun {
    /// The folder the messages go to; created when missing, and it must not hold messages already.
    let folder: String
    /// At most this many messages.
    let limit: Int?

    func run(
        issue shown: SendCommand.ShownIssue?, configuration: Configuration, ledger: SQLiteDeliveryLedger, now: Date,
        logger: Logger
    ) async throws {
        guard let shown else { return }
        let issue = shown.issue
        let url = URL(fileURLWithPath: folder)
        try prepareFolder(url)
        let messages = try IssueMessages(issue.rendered, configuration: configuration)
        var written = 0
        var bytes = 0
        let budget = limit ?? .max
        let write = { (subscriber: Subscriber) throws in
            guard written < budget else { throw LimitReached() }
            let message: OutgoingMessage
            do {
                message = try messages.message(for: subscriber, date: now)
            } catch {
                logger.warning("no message for \(subscriber.email): \(error)")
                return
            }
            written += 1
            let name = String(repeating: "0", count: max(0, 6 - String(written).count)) + "\(written).eml"
            let file = url.appendingPathComponent(name)
            try Self.createFile(file.path, holding: message.bytes, mode: configuration.store.fileMode)
            bytes += message.bytes.count
        }
        do {
            if shown.isFrozen {
                try ledger.forEachDue(week: issue.week, now: now, write)
            } else {
                try SQLiteSubscriberStore(database: ledger.database).forEach(SubscriberFilter(status: .active), write)
            }
        } catch is LimitReached {}
        logger.info(
            "wrote \(written) messages of \(issue.week) (\(bytes / 1_024) KiB) to \(folder); nothing was sent or recorded"
        )
    }

    /// Stops reading subscribers once `--limit` messages are written.
    private struct LimitReached: Error {}

    /// Writes a new file with plain `write(2)` calls. Not `FileManager.createFile`: it writes a temporary file,
    /// syncs it to the disk and renames it, one `fsync` per message, which made a dry run of 1,000,000 messages
    /// take most of an hour (about 300 messages/s); a dry run's files need no such durability. The file gets
    /// `mode` (`[store] mode`, not widened by the umask): it holds an address and live links.
    private static func createFile(_ path: String, holding bytes: [UInt8], mode: Int) throws {
        do {
            try PrivateFile.create(path, holding: bytes, mode: mode)
        } catch {
            throw DryRunError.cannotWrite(path)
        }
    }

    private func prepareFolder(_ url: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw DryRunError.notAFolder(url.path) }
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if existing.contains(where: { $0.hasSuffix(".eml") }) { throw DryRunError.notEmpty(url.path) }
        } else {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw DryRunError.cannotWrite(url.path)
            }
        }
    }
}

/// `--dry-run` cannot write where it was told to.
enum DryRunError: BulletinError {
    case notAFolder(String)
    case notEmpty(String)
    case cannotWrite(String)

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        switch self {
        case .notAFolder(let path): "--dry-run \(path) is a file; give a folder (it is created when missing)."
        case .notEmpty(let path):
            "\(path) already holds .eml files; give an empty or new folder so that two runs do not mix."
        case .cannotWrite(let path): "cannot write \(path); check that its folder is writable and the disk is not full."
        }
    }
}
