import BulletinCore
import BulletinStore
import Foundation

/// `bulletin status`: where an issue's delivery stands.
public struct DeliveryStatus {
    /// The figures `status` shows.
    public struct Report: Sendable, Equatable {
        /// The frozen issue.
        public var issue: FrozenIssue
        /// Messages per state.
        public var counts: [DeliveryState: Int]
        /// The first and last accepted message's times.
        public var span: ClosedRange<Date>?
        /// When deferred messages are tried again.
        public var nextAttempt: Date?
        /// Failed, unknown, deferred and refused-then-queued messages, at most the number asked for.
        public var problems: [SQLiteDeliveryLedger.Problem]
        /// Reports received later about the issue's deliveries (`bulletin inbound`), per kind.
        public var reports: [InboundFinding.Kind: Int] = [:]
        /// What those reports did, per outcome: bounced, complained, unsubscribed, counted, unchanged, recorded.
        public var reportOutcomes: [String: Int] = [:]
    }

    /// Where it runs.
    public let environment: AppEnvironment

    /// Status in `environment`.
    public init(_ environment: AppEnvironment) {
        self.environment = environment
    }

    /// The status of `week` (nil: the newest issue sent), with at most `problems` problem rows.
    ///
    /// - Throws: ``StatusError`` when no issue (of that week) was sent; the database's errors.
    public func report(week: String?, problems: Int) throws -> Report {
        let ledger = SQLiteDeliveryLedger(
            database: try environment.openDatabaseToRead(),
            policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        guard let name = try week ?? ledger.latestWeek() else {
            throw StatusError.nothingSent
        }
        guard let issue = try ledger.issue(week: name) else { throw StatusError.notSent(name) }
        let inbound = try SQLiteInboundReports(database: ledger.database).counts(week: name)
        return Report(
            issue: issue, counts: try ledger.counts(week: name), span: try ledger.sentSpan(week: name),
            nextAttempt: try ledger.nextAttempt(week: name),
            problems: try ledger.problems(
                week: name, states: [.failed, .unknown, .deferred, .queued], limit: max(0, problems)),
            reports: inbound.reports, reportOutcomes: inbound.outcomes)
    }
}
