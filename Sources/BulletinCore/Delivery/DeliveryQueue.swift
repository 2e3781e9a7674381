import Foundation

/// A list of messages handed out one at a time, and the results collected back, safe to share across threads.
public final class DeliveryQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: ArraySlice<MailSubmission>
    private var collected: [DeliveryResult] = []

    /// Creates a queue of `messages`.
    public init(_ messages: [MailSubmission]) {
        pending = messages[...]
    }

    /// The next message, or nil when all were handed out.
    public func next() -> MailSubmission? {
        lock.withLock { pending.popFirst() }
    }

    /// Keeps results.
    public func record(_ results: [DeliveryResult]) {
        lock.withLock { collected.append(contentsOf: results) }
    }

    /// The results so far, in the order they were recorded.
    public var results: [DeliveryResult] {
        lock.withLock { collected }
    }
}
