import BulletinCore
import BulletinStore
import Foundation

/// Settles the rows a dead run (or this one, abandoned) left `sending`, from the journal: outcomes known are
/// kept, messages never handed over are queued again, those really in flight become `unknown`.
public enum SendRecovery {
    /// Recovers `ledger`'s rows left `sending` from the journal at `journalPath`.
    ///
    /// - Returns: what was settled; nil when no row was left `sending`.
    public static func recoverLeftRows(
        ledger: SQLiteDeliveryLedger, journalPath: String, at now: Date
    ) throws -> SQLiteDeliveryLedger.Recovery? {
        // Only the rows still `sending` matter: a long journal is read without being held.
        let left = try ledger.sendingRows()
        guard !left.isEmpty else { return nil }
        let replay = try SendJournal.read(path: journalPath) { left.contains($0) }
        return try ledger.recover(replay, at: now)
    }

    /// What an abandoned run leaves: the messages still queued and those whose delivery is unknown.
    public struct Abandoned: Sendable, Equatable {
        /// Messages left queued for the next run.
        public var queued: Int
        /// Messages that were in flight.
        public var unknown: Int

        /// Counts of an abandoned run.
        public init(queued: Int, unknown: Int) {
            self.queued = queued
            self.unknown = unknown
        }
    }

    /// A signal's grace period is over and messages are still in flight: settles `week`'s rows on a connection
    /// of its own (the send's is busy in its delivery) from the journal.
    ///
    /// - Throws: the database's or journal's errors; the next send recovers what could not be settled now.
    public static func abandon(week name: String, environment: AppEnvironment) throws -> Abandoned {
        let database = try environment.openDatabase()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        let recovery = try recoverLeftRows(
            ledger: ledger, journalPath: SendJournal.path(forDatabase: database.path),
            at: (try? Clock.now()) ?? Date())
        return Abandoned(queued: try ledger.pendingCount(week: name), unknown: recovery?.unknown ?? 0)
    }
}
