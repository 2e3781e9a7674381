import BulletinCore
import Foundation
import Synchronization

/// A mail transport that accepts every message and keeps it, for the confirmation mail tests.
final class RecordingTransport: MailTransport {
    private let sent = Mutex<[MailSubmission]>([])

    var messages: [MailSubmission] { sent.withLock { $0 } }

    func deliver(
        next: @escaping @Sendable () -> MailSubmission?,
        report: @escaping @Sendable ([DeliveryResult]) -> Void
    ) async throws {
        while let message = next() {
            sent.withLock { $0.append(message) }
            report([
                DeliveryResult(
                    id: message.id,
                    outcome: DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "OK"))
            ])
        }
    }

    /// Waits (up to five seconds) until `count` messages have come.
    func waitForMessages(_ count: Int) async throws -> [MailSubmission] {
        for _ in 0..<500 {
            let messages = self.messages
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(10))
        }
        return messages
    }
}
