import BulletinApp
import BulletinCore
import Foundation
import Logging
import ServiceLifecycle

/// Sends confirmation messages off the request path: a request only queues one, and this service hands them to
/// the mail transport one after another, so that a slow relay never holds a page up.
///
/// Runs in the server's service group: on SIGTERM it stops taking new messages and sends those already queued
/// before the process exits. A failure is logged with the relay's reply; the person can subscribe again.
public final class ConfirmationMailer: Service, Sendable {
    private let builder: ConfirmationMessageBuilder
    private let transport: any MailTransport
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let queue: AsyncStream<ConfirmationRequest>
    private let input: AsyncStream<ConfirmationRequest>.Continuation

    /// Creates the mailer; ``run()`` sends.
    public init(
        builder: ConfirmationMessageBuilder, transport: any MailTransport, logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.builder = builder
        self.transport = transport
        self.logger = logger
        self.now = now
        (queue, input) = AsyncStream.makeStream(of: ConfirmationRequest.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Queues a message; returns at once.
    public func enqueue(_ request: ConfirmationRequest) {
        input.yield(request)
    }

    /// Sends queued messages until graceful shutdown, then the rest of the queue.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await request in queue {
                await send(request)
            }
        } onGracefulShutdown: { [input] in
            input.finish()
        }
    }

    private func send(_ request: ConfirmationRequest) async {
        let submission: MailSubmission
        do {
            submission = try builder.message(for: request, date: now())
        } catch {
            logger.error("confirmation for subscriber #\(request.subscriberID) not built: \(error)")
            return
        }
        do {
            let results = try await transport.deliver([submission])
            for result in results where result.outcome.kind != .accepted {
                logger.error("confirmation for subscriber #\(request.subscriberID) not sent: \(result.outcome)")
            }
            if results.contains(where: { $0.outcome.kind == .accepted }) {
                logger.info("confirmation sent to subscriber #\(request.subscriberID)")
            }
        } catch {
            logger.error(
                "confirmation for subscriber #\(request.subscriberID) not sent: \(AddressMask.masked("\(error)"))")
        }
    }
}
