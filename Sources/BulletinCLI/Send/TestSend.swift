import BulletinCore
import BulletinNet
import BulletinStore
import Foundation
import Logging

/// `send --test EMAIL...`: the issue, with "[TEST]" before its subject, to the given addresses only. A subscriber
/// gets their personal copy; another address gets links signed for no one. Nothing is recorded.
struct TestSend {
    /// Where the copies go.
    let addresses: [String]

    func run(
        issue shown: SendCommand.ShownIssue?, configuration: Configuration, database: Database, now: Date,
        logger: Logger
    )
        async throws
    {
        let recipients = try addresses.map { text in
            do {
                return try EmailAddress(text)
            } catch {
                throw TestSendError.badAddress(text, "\(error)")
            }
        }
        guard let issue = shown?.issue else { return }
        let messages = try IssueMessages(issue.rendered, configuration: configuration, subjectPrefix: "[TEST] ")
        let store = SQLiteSubscriberStore(database: database)
        let submissions = try recipients.enumerated().map { index, address in
            MailSubmission(
                id: DeliveryID(Int64(index)), sender: messages.envelopeSender,
                message: try messages.message(to: address, subscriber: try store.subscriber(email: address), date: now))
        }
        let results = try await CurlSMTPTransport(
            settings: configuration.smtp,
            password: try configuration.smtp.password(
                environment: ProcessInfo.processInfo.environment, configurationFile: configuration.file.path)
        ).deliver(submissions)
        var worst = DeliveryOutcome.Kind.accepted
        for result in results {
            let index = Int(result.id.rawValue)
            guard recipients.indices.contains(index) else { continue }
            Terminal.standardOutput.line("\(recipients[index].value): \(result.outcome)")
            if result.outcome.kind != .accepted, worst == .accepted || result.outcome.kind == .rejected {
                worst = result.outcome.kind
            }
        }
        logger.info("sent test copies of \(issue.week) to \(recipients.count) addresses; nothing was recorded")
        switch worst {
        case .accepted, .unknown: return
        case .deferred: throw TestSendError.notDelivered(.temporaryFailure)
        case .rejected: throw TestSendError.notDelivered(.dataError)
        }
    }
}

/// `--test` could not deliver.
enum TestSendError: BulletinError {
    case badAddress(String, String)
    case notDelivered(ExitStatus)

    var exitStatus: ExitStatus {
        switch self {
        case .badAddress: .dataError
        case .notDelivered(let status): status
        }
    }

    var description: String {
        switch self {
        case .badAddress(let text, let reason): "--test \(text) is not a usable address (\(reason)); fix it."
        case .notDelivered(let status):
            status == .temporaryFailure
                ? "the relay deferred a test copy (see above); try again later."
                : "the relay refused a test copy (see above); check the address."
        }
    }
}
