import BulletinCore
import BulletinStore
import Foundation

/// `send --test EMAIL...`: the issue, with "[TEST]" before its subject, to the given addresses only. A subscriber
/// gets their personal copy; another address gets links signed for no one. Nothing is recorded.
public struct TestSend {
    /// What the relay said to each copy.
    public struct Report: Sendable, Equatable {
        /// The issue's week.
        public var week: String
        /// Each address with the relay's outcome, in the order given.
        public var outcomes: [(address: EmailAddress, outcome: DeliveryOutcome)]

        /// The worst outcome: a refusal over a deferral; an unknown outcome counts as delivered.
        public var worst: DeliveryOutcome.Kind {
            var worst = DeliveryOutcome.Kind.accepted
            for (_, outcome) in outcomes where outcome.kind != .accepted {
                if worst == .accepted || outcome.kind == .rejected { worst = outcome.kind }
            }
            return worst
        }

        /// Equal when the same addresses got the same outcomes.
        public static func == (left: Report, right: Report) -> Bool {
            left.week == right.week && left.outcomes.map(\.address) == right.outcomes.map(\.address)
                && left.outcomes.map(\.outcome) == right.outcomes.map(\.outcome)
        }
    }

    /// Where it runs.
    public let environment: AppEnvironment
    /// Where the copies go, as given.
    public let addresses: [String]

    /// Test copies to `addresses`.
    public init(_ environment: AppEnvironment, addresses: [String]) {
        self.environment = environment
        self.addresses = addresses
    }

    /// Sends the copies of `issueWeek`'s issue (the frozen one, or one composed now); nil when the week has no
    /// issue.
    ///
    /// - Throws: ``TestSendError/badAddress(_:_:)`` before anything is sent; the transport's errors when the relay
    ///   cannot be used.
    public func run(week issueWeek: IssueWeek) async throws -> Report? {
        let database = try environment.openDatabase()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        let now = environment.now()
        let shown = try ComposeIssue(environment).issueToShow(week: issueWeek, ledger: ledger, now: now)
        let recipients = try addresses.map { text in
            do {
                return try EmailAddress(text)
            } catch {
                throw TestSendError.badAddress(text, "\(error)")
            }
        }
        guard let issue = shown?.issue else { return nil }
        let messages = try IssueMessages(issue.rendered, environment: environment, subjectPrefix: "[TEST] ")
        let store = SQLiteSubscriberStore(database: database)
        let submissions = try recipients.enumerated().map { index, address in
            MailSubmission(
                id: DeliveryID(Int64(index)), sender: messages.envelopeSender,
                message: try messages.message(to: address, subscriber: try store.subscriber(email: address), date: now))
        }
        let results = try await environment.transport().deliver(submissions)
        var outcomes: [(address: EmailAddress, outcome: DeliveryOutcome)] = []
        for result in results {
            let index = Int(result.id.rawValue)
            guard recipients.indices.contains(index) else { continue }
            outcomes.append((recipients[index], result.outcome))
        }
        return Report(week: issue.week, outcomes: outcomes)
    }
}

/// `--test` could not deliver.
public enum TestSendError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text is not an address (the reason).
    case badAddress(String, String)
    /// The relay deferred a copy.
    case deferred
    /// The relay refused a copy.
    case refused

    /// One line: what, and what to do.
    public var description: String {
        switch self {
        case .badAddress(let text, let reason): "\(text) is not a usable address (\(reason)); fix it."
        case .deferred: "the relay deferred a test copy (see above); try again later."
        case .refused: "the relay refused a test copy (see above); check the address."
        }
    }
}
