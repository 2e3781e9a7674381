import BulletinCore
import CCurl
import Foundation

/// Delivers messages to an SMTP relay with libcurl: `connections` sessions in parallel, each an easy handle on a
/// thread of its own (``SMTPSessionWorker``), reused so that its connection, TLS session and login carry over from
/// message to message.
///
/// One recipient per message (RFC 5321 §3.3). Each message ends in exactly one ``DeliveryOutcome``, kept with
/// the server's reply code and text. A failure that concerns the relay or the sender (unreachable, TLS, login, a
/// refused MAIL FROM, a 421) stops the run after the messages in flight have ended: their outcomes are reported,
/// and ``SMTPError`` is thrown.
///
/// The sessions do not share a multi handle: libcurl's SMTP waits for the reply to the end of the data with a
/// blocking loop inside the transfer's `done` step, so under one multi handle every session stood still while one
/// of them waited for that reply, and sessions to a distant relay took turns. On threads of their own they overlap.
/// `next` and `report` are still called from one thread, the one that runs ``deliverBlocking(next:report:)``.
///
/// `max_messages_per_connection` is counted per session: the session's message that reaches the limit is sent
/// with CURLOPT_FORBID_REUSE, which closes its connection afterwards; libcurl itself closes a session after a
/// failed transfer.
///
/// - SeeAlso: RFC 5321 (SMTP), RFC 3207 (STARTTLS), RFC 4954 (AUTH).
public final class CurlSMTPTransport: MailTransport {
    /// The relay's settings.
    public let settings: Configuration.SMTP
    private let password: String?

    /// Creates a transport; `password` comes from ``BulletinCore/Configuration/SMTP/password(environment:configurationFile:)``.
    public init(settings: Configuration.SMTP, password: String?) {
        self.settings = settings
        self.password = password
    }

    /// Delivers messages until `next` returns nil, on a thread of its own; see ``MailTransport``.
    ///
    /// - Throws: ``SMTPError`` when the relay cannot be used at all.
    public func deliver(
        next: @escaping @Sendable () -> MailSubmission?,
        report: @escaping @Sendable ([DeliveryResult]) -> Void
    ) async throws {
        // The delivery thread blocks while it waits for the sessions: run it on a thread of its own, not on the
        // cooperative pool. Cancelling the task stops taking new messages; those in flight still end with an
        // outcome.
        let cancellation = DeliveryCancellation()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    do {
                        try self.deliverBlocking(
                            next: { cancellation.isCancelled ? nil : next() }, report: report)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "bulletin-smtp"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// The same as ``deliver(next:report:)``, with `next` and `report` called on the calling thread.
    ///
    /// - Throws: ``SMTPError``.
    public func deliverBlocking(next: () -> MailSubmission?, report: ([DeliveryResult]) -> Void) throws {
        let completions = SMTPCompletionQueue()
        var workers: [SMTPSessionWorker] = []
        defer {
            for worker in workers { worker.stop() }
            for worker in workers { worker.waitUntilStopped() }
        }
        for index in 0..<settings.connections {
            workers.append(
                SMTPSessionWorker(
                    session: try SMTPSession(settings: settings, password: password), completions: completions,
                    name: "bulletin-smtp-\(index + 1)"))
        }
        var idle = workers
        let classifier = SMTPOutcomeClassifier(
            relay: SMTPSessionOptions.relayName(for: settings), username: settings.username)
        var busy = 0
        var limiter = RateLimiter(rate: settings.rate, now: RateLimiter.monotonicNow())
        var exhausted = false
        var stop: SMTPError?

        while true {
            var waitSeconds = 1.0
            var refused: [DeliveryResult] = []
            while !exhausted, stop == nil, let worker = idle.last {
                let now = RateLimiter.monotonicNow()
                let delay = limiter.delay(now: now)
                if delay > 0 {
                    waitSeconds = min(waitSeconds, delay)
                    break
                }
                guard let message = next() else {
                    exhausted = true
                    break
                }
                limiter.started(now: now)
                // A libcurl that refuses a transfer will refuse the next ones too: defer this one and stop.
                do {
                    try worker.session.load(message)
                } catch {
                    let detail = "libcurl refused option \(error.option) with error \(error.code)"
                    refused.append(Self.notStarted(message, detail: detail))
                    stop = .setupFailed(detail: detail)
                    break
                }
                idle.removeLast()
                worker.start()
                busy += 1
            }
            if !refused.isEmpty { report(refused) }
            if busy == 0 && (exhausted || stop != nil) { break }
            var batch: [DeliveryResult] = []
            for (worker, code) in completions.take(waitingAtMost: waitSeconds) {
                busy -= 1
                let id = worker.session.message?.id
                let (outcome, failure) = classifier.classify(worker.session.finish(code: code))
                // A worker posts only after a transfer of a loaded message: the id is always there.
                if let id { batch.append(DeliveryResult(id: id, outcome: outcome)) }
                if stop == nil { stop = failure }
                idle.append(worker)
            }
            if !batch.isEmpty { report(batch) }
        }
        if let stop { throw stop }
    }

    /// A message libcurl would not start: deferred, nothing was sent.
    private static func notStarted(_ message: MailSubmission, detail: String) -> DeliveryResult {
        DeliveryResult(
            id: message.id,
            outcome: DeliveryOutcome(kind: .deferred, stage: .session, replyCode: 0, replyText: detail))
    }
}
