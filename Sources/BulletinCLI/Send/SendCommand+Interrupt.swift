import BulletinCore
import BulletinStore
import Foundation

extension SendCommand {
    /// Settles the rows a dead run (or this one, abandoned) left `sending`, from the journal: outcomes known are
    /// kept, messages never handed over are queued again, those really in flight become `unknown`.
    ///
    /// - Returns: what was settled; nil when no row was left `sending`.
    static func recoverLeftRows(
        ledger: SQLiteDeliveryLedger, journalPath: String, at now: Date
    ) throws -> SQLiteDeliveryLedger.Recovery? {
        // Only the rows still `sending` matter: a long journal is read without being held.
        let left = try ledger.sendingRows()
        guard !left.isEmpty else { return nil }
        let replay = try SendJournal.read(path: journalPath) { left.contains($0) }
        return try ledger.recover(replay, at: now)
    }

    /// The signal's grace period is over and messages are still in flight: settles the ledger from the journal
    /// on a connection of its own (``recoverLeftRows(ledger:journalPath:at:)``), says so in one line, and exits 75.
    static func abandon(week name: String, signal: String, configuration: Configuration) -> Never {
        var queued = 0
        var unknown = 0
        do {
            let databasePath = configuration.store.path.path
            let database = try Database(
                path: databasePath, mode: .existing, busyTimeout: configuration.store.busyTimeoutSeconds)
            let ledger = SQLiteDeliveryLedger(
                database: database, policy: RetryPolicy(maxAttempts: configuration.smtp.maxAttempts))
            let recovery = try recoverLeftRows(
                ledger: ledger, journalPath: SendJournal.path(forDatabase: databasePath),
                at: (try? Clock.now()) ?? Date())
            unknown = recovery?.unknown ?? 0
            queued = try ledger.pendingCount(week: name)
        } catch {
            // The next send recovers from the journal what could not be settled now.
            Terminal.printError(
                "bulletin: warning: the ledger could not be settled now (\(error)); the next send does it")
        }
        let stop = SendStop.interrupted(signal: signal, week: name, queued: queued, unknown: unknown)
        Terminal.printError("bulletin: error: \(stop)")
        Foundation.exit(stop.exitStatus.rawValue)
    }
}
