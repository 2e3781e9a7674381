import BulletinCore
import CCurl
import Foundation

/// Delivers messages to an SMTP relay with libcurl: `connections` sessions in parallel through one multi handle,
/// each easy handle reused so that its connection, TLS session and login carry over from message to message.
///
/// One recipient per message (RFC 5321 §3.3). Each message ends in exactly one ``DeliveryOutcome``, kept with
/// the server's reply code and text. A failure that concerns the relay itself (unreachable, TLS, login) stops the
/// run after the messages in flight have ended: their outcomes are reported, and ``SMTPError`` is thrown.
///
/// `max_messages_per_connection` is counted per session slot: the slot's message that reaches the limit is sent
/// with CURLOPT_FORBID_REUSE, which closes its connection afterwards. The multi handle keeps at most `connections`
/// connections (CURLMOPT_MAX_TOTAL_CONNECTIONS), and libcurl itself closes a session after a failed transfer.
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
        // libcurl blocks in curl_multi_poll: run it on a thread of its own, not on the cooperative pool.
        // Cancelling the task stops taking new messages; those in flight still end with an outcome.
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

    /// The same as ``deliver(next:report:)``, on the calling thread.
    ///
    /// - Throws: ``SMTPError``.
    public func deliverBlocking(next: () -> MailSubmission?, report: ([DeliveryResult]) -> Void) throws {
        guard let multi = CurlMultiHandle(connections: settings.connections) else {
            throw SMTPError.setupFailed(detail: "curl_multi_init failed")
        }
        var idle: [SMTPSession] = []
        for _ in 0..<settings.connections { idle.append(try SMTPSession(settings: settings, password: password)) }
        let classifier = SMTPOutcomeClassifier(
            relay: SMTPSessionOptions.relayName(for: settings), username: settings.username)
        var active: [UnsafeMutableRawPointer: SMTPSession] = [:]
        var limiter = RateLimiter(rate: settings.rate, now: RateLimiter.monotonicNow())
        var exhausted = false
        var stop: SMTPError?

        while true {
            var waitSeconds = 1.0
            var refused: [DeliveryResult] = []
            while !exhausted, stop == nil, let session = idle.last {
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
                    try session.load(message)
                } catch {
                    let detail = "libcurl refused option \(error.option) with error \(error.code)"
                    refused.append(Self.notStarted(message, detail: detail))
                    stop = .setupFailed(detail: detail)
                    break
                }
                guard multi.add(session.easy) else {
                    refused.append(Self.notStarted(message, detail: "libcurl refused the transfer"))
                    stop = .setupFailed(detail: "curl_multi_add_handle failed")
                    break
                }
                idle.removeLast()
                active[session.easy.raw] = session
            }
            if !refused.isEmpty { report(refused) }
            if active.isEmpty {
                if exhausted || stop != nil { break }
                multi.poll(milliseconds: Int(waitSeconds * 1_000) + 1)
                continue
            }
            _ = multi.perform()
            var batch: [DeliveryResult] = []
            for (handle, code) in multi.finished() {
                guard let session = active.removeValue(forKey: handle) else { continue }
                multi.remove(session.easy)
                let id = session.message?.id ?? ""
                let (outcome, failure) = classifier.classify(session.finish(code: code))
                batch.append(DeliveryResult(messageID: id, outcome: outcome))
                if stop == nil { stop = failure }
                idle.append(session)
            }
            if batch.isEmpty {
                multi.poll(milliseconds: Int(waitSeconds * 1_000) + 1)
            } else {
                report(batch)
            }
        }
        if let stop { throw stop }
    }

    /// A message libcurl would not start: deferred, nothing was sent.
    private static func notStarted(_ message: MailSubmission, detail: String) -> DeliveryResult {
        DeliveryResult(
            messageID: message.id,
            outcome: DeliveryOutcome(kind: .deferred, stage: .session, replyCode: 0, replyText: detail))
    }
}
