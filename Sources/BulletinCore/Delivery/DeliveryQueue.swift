import Synchronization

/// A list of messages handed out one at a time, and the results collected back, safe to share across threads.
public final class DeliveryQueue: Sendable {
    /// The messages not handed out yet, and the results recorded so far.
    private struct State {
        var pending: ArraySlice<MailSubmission>
        var collected: [DeliveryResult] = []
    }

    private let state: Mutex<State>

    /// Creates a queue of `messages`.
    public init(_ messages: [MailSubmission]) {
        state = Mutex(State(pending: messages[...]))
    }

    /// The next message, or nil when all were handed out.
    public func next() -> MailSubmission? {
        state.withLock { $0.pending.popFirst() }
    }

    /// Keeps results.
    public func record(_ results: [DeliveryResult]) {
        state.withLock { $0.collected.append(contentsOf: results) }
    }

    /// The results so far, in the order they were recorded.
    public var results: [DeliveryResult] {
        state.withLock { $0.collected }
    }
}
