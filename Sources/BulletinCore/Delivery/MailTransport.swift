/// Hands personal messages to a mail relay and reports how each one ended.
///
/// The transport pulls messages from `next` as fast as its sessions (and its rate limit) allow, so that a caller
/// never needs the whole issue in memory, and calls `report` with the outcomes that became known together, as soon
/// as they are known, so that the caller can write them to its ledger in batches. Every message that `next`
/// returns gets exactly one outcome before `deliver` returns or throws.
///
/// `next` and `report` are called from one delivery thread, never at the same time.
/// Cancelling the calling task stops the transport taking new messages; those already taken still get their
/// outcome before `deliver` returns.
public protocol MailTransport: Sendable {
    /// Delivers messages until `next` returns nil (or a session-wide failure stops the run).
    ///
    /// - Parameters:
    ///   - next: Returns the next message, or nil when there are no more.
    ///   - report: Receives outcomes, in the order they became known.
    /// - Throws: The transport's own error (`SMTPError` for SMTP) when the relay cannot be used at all
    ///   (unreachable, TLS or login refused); the messages already taken from `next` have been reported by then,
    ///   none of them as accepted.
    func deliver(
        next: @escaping @Sendable () -> MailSubmission?,
        report: @escaping @Sendable ([DeliveryResult]) -> Void
    ) async throws
}

extension MailTransport {
    /// Delivers a list of messages and returns their results in the order the outcomes became known.
    ///
    /// - Throws: What ``deliver(next:report:)`` throws.
    public func deliver(_ messages: [MailSubmission]) async throws -> [DeliveryResult] {
        let queue = DeliveryQueue(messages)
        try await deliver(next: { queue.next() }, report: { queue.record($0) })
        return queue.results
    }
}
