import BulletinCore
import BulletinStore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `send --dry-run DIR`: every message the run would send, written to DIR/000001.eml, DIR/000002.eml, … instead
/// of being sent. Nothing is recorded: no issue is frozen, no row changes. One message is in memory at a time.
public struct DryRun {
    /// What a dry run wrote.
    public struct Report: Sendable, Equatable {
        /// The issue's week.
        public var week: String
        /// Messages written.
        public var written: Int
        /// Their bytes.
        public var bytes: Int
    }

    /// Where it runs.
    public let environment: AppEnvironment
    /// The folder the messages go to; created when missing, and it must not hold messages already.
    public let folder: String
    /// At most this many messages.
    public let limit: Int?

    /// A dry run of the issue into `folder`, at most `limit` messages.
    public init(_ environment: AppEnvironment, folder: String, limit: Int?) {
        self.environment = environment
        self.folder = folder
        self.limit = limit
    }

    /// Writes the messages of `issueWeek`'s issue (the frozen one to those still due, or one composed now to
    /// every active subscriber); nil when the week has no issue.
    ///
    /// - Throws: ``DryRunError`` when the folder cannot be used; the store's, link secret's and DKIM errors.
    @discardableResult
    public func run(week issueWeek: IssueWeek) throws -> Report? {
        let database = try environment.openDatabase()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        let now = environment.now()
        return try run(
            issue: try ComposeIssue(environment).issueToShow(week: issueWeek, ledger: ledger, now: now),
            ledger: ledger, now: now)
    }

    /// Writes the messages of `shown`.
    func run(issue shown: ShownIssue?, ledger: SQLiteDeliveryLedger, now: Date) throws -> Report? {
        guard let shown else { return nil }
        let configuration = environment.configuration
        let logger = environment.logger
        let issue = shown.issue
        let url = URL(fileURLWithPath: folder)
        try prepareFolder(url)
        let messages = try IssueMessages(issue.rendered, environment: environment)
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
            "wrote \(written.counted("message")) of \(issue.week) (\(bytes / 1_024) KiB) to \(folder); nothing was sent or recorded"
        )
        return Report(week: issue.week, written: written, bytes: bytes)
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
public enum DryRunError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path is a file.
    case notAFolder(String)
    /// The folder holds messages already.
    case notEmpty(String)
    /// A file or the folder could not be written.
    case cannotWrite(String)

    /// One line: what, and how to fix it.
    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is a file; give a folder (it is created when missing)."
        case .notEmpty(let path):
            "\(path) already holds .eml files; give an empty or new folder so that two runs do not mix."
        case .cannotWrite(let path): "cannot write \(path); check that its folder is writable and the disk is not full."
        }
    }
}
