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
/// Once the delivery has ended, ``disarm()`` keeps the deadline from firing during the work after it.
///
/// `@unchecked Sendable`: `sources` is written only in `init` and read in `deinit`; the rest is in the `Mutex`.
final class SendSignals: @unchecked Sendable {
    /// How long the messages in flight may take to end after the signal.
    static let gracePeriod = 10.0

    private struct State {
        var received: String?
        var disarmed = false
    }

    private let state = Mutex(State())
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "bulletin-send-signals")

    /// The name of the signal that arrived (`SIGTERM`), or nil.
    var signalName: String? { state.withLock { $0.received } }

    /// The delivery has ended: the deadline no longer fires.
    func disarm() {
        state.withLock { $0.disarmed = true }
    }

    /// Starts watching: `stop` runs once, on the first signal; `deadline` runs ``gracePeriod`` seconds later
    /// unless the instance was released before.
    init(stop: @escaping @Sendable (String) -> Void, deadline: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let first = self.state.withLock { state in
                    defer { if state.received == nil { state.received = name } }
                    return state.received == nil && !state.disarmed
                }
                guard first else { return }
                stop(name)
                self.queue.asyncAfter(deadline: .now() + Self.gracePeriod) { [weak self] in
                    guard let self, !self.state.withLock({ $0.disarmed }) else { return }
                    deadline(name)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        _ = signal(SIGINT, SIG_DFL)
        _ = signal(SIGTERM, SIG_DFL)
    }
}
