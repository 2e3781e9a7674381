import BulletinApp
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM during a send: the first one stops taking messages and lets those in flight end; when
/// they have not ended after ``gracePeriod`` seconds, `deadline` runs (it settles what is left and exits).
///
/// While an instance lives, the two signals do not kill the process; releasing it restores their default action.
/// Once the delivery has ended (``SendCancellation/deliveryHasEnded``), the deadline no longer fires. The state is
/// the cancellation's (a `Mutex`); the handlers do not hold the instance, so it needs no `Sendable`.
final class SendSignals {
    /// How long the messages in flight may take to end after the signal.
    static let gracePeriod = 10.0

    private let sources: [any DispatchSourceSignal]
    /// Set when the instance is released: a deadline still pending must not fire then.
    private let released: Flag

    /// A flag any thread may read.
    private final class Flag: Sendable {
        private let atomic = Atomic(false)
        var value: Bool { atomic.load(ordering: .acquiring) }
        func set() { atomic.store(true, ordering: .releasing) }
    }

    /// Starts watching: on the first signal, records it in `cancellation` and runs `stop` once; `deadline` runs
    /// ``gracePeriod`` seconds later unless the delivery has ended or the instance was released before.
    init(
        cancellation: SendCancellation, stop: @escaping @Sendable (String) -> Void,
        deadline: @escaping @Sendable (String) -> Void
    ) {
        let queue = DispatchQueue(label: "bulletin-send-signals")
        let released = Flag()
        self.released = released
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard !released.value, cancellation.record(name) else { return }
                stop(name)
                queue.asyncAfter(deadline: .now() + SendSignals.gracePeriod) {
                    guard !released.value, !cancellation.deliveryHasEnded else { return }
                    deadline(name)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        released.set()
        for source in sources { source.cancel() }
        _ = signal(SIGINT, SIG_DFL)
        _ = signal(SIGTERM, SIG_DFL)
    }
}
