import Dispatch
import Synchronization

/// One owner of a database connection (or of stores over one): every piece of work on it runs, one at a time, on
/// a serial dispatch queue of its own.
///
/// SQLite calls block (a write waits up to the busy timeout for another process's lock), so they must not run on
/// the Swift concurrency pool, whose few threads every request shares: an actor would block one of them for as
/// long as SQLite waits. Here the caller's task suspends instead, and the queue's own thread waits.
public final class SerialConnection<Resource>: Sendable {
    private let queue: DispatchQueue
    // Only ever locked on `queue`, so never contended: the mutex is what lets the resource, which is not
    // Sendable itself, cross from the creating thread to the queue without an unchecked conformance.
    private let resource: Mutex<Resource>

    /// Takes ownership of `resource`; nothing else may keep it.
    ///
    /// - Parameter label: names the queue's thread in debuggers and crash reports.
    public init(label: String, _ resource: consuming sending Resource) {
        queue = DispatchQueue(label: label)
        self.resource = Mutex(resource)
    }

    /// Runs `body` on the queue with the resource and returns its result; the calling task waits, suspended.
    public func run<T: Sendable>(_ body: @escaping @Sendable (inout Resource) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.resource.withLock { resource in try body(&resource) } })
            }
        }
    }
}
