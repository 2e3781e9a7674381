import Foundation

/// A flag set when the task that runs a delivery is cancelled, read by the delivery thread.
final class DeliveryCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// Whether the task was cancelled.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Marks the task cancelled.
    func cancel() { lock.withLock { cancelled = true } }
}
