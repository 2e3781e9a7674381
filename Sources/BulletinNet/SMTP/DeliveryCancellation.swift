import Synchronization

/// A flag set when the task that runs a delivery is cancelled, read by the delivery thread.
final class DeliveryCancellation: Sendable {
    private let cancelled = Atomic(false)

    /// Whether the task was cancelled.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Marks the task cancelled.
    func cancel() { cancelled.store(true, ordering: .releasing) }
}
