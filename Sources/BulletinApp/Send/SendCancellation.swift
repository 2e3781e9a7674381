import Synchronization

/// How a send is stopped from outside its delivery: the CLI's signal handler records the signal and asks the
/// delivery to take no new message; the send says when its delivery has ended, after which a signal's grace
/// period no longer matters.
///
/// Safe from any thread: everything is in one `Mutex`.
public final class SendCancellation: Sendable {
    private struct State {
        var reason: String?
        var stopRequested = false
        var deliveryEnded = false
    }

    private let state = Mutex(State())

    /// A cancellation nobody asked for yet.
    public init() {}

    /// Records `reason` (a signal's name) unless one was recorded before.
    ///
    /// - Returns: whether this is the first reason and the delivery is still running, so that the caller
    ///   should stop it and start the grace period.
    public func record(_ reason: String) -> Bool {
        state.withLock { state in
            defer { if state.reason == nil { state.reason = reason } }
            return state.reason == nil && !state.deliveryEnded
        }
    }

    /// Asks the delivery to take no new message; those in flight still end.
    public func requestStop() {
        state.withLock { $0.stopRequested = true }
    }

    /// The first reason recorded (`SIGTERM`), or nil.
    public var reason: String? { state.withLock { $0.reason } }

    /// Whether ``requestStop()`` was called.
    public var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Whether the delivery has ended (the grace period's deadline must not fire any more).
    public var deliveryHasEnded: Bool { state.withLock { $0.deliveryEnded } }

    /// The delivery has ended.
    func endDelivery() {
        state.withLock { $0.deliveryEnded = true }
    }
}
