import Dispatch
import Foundation
import Synchronization

/// Builds work items on threads of their own ahead of the one thread that consumes them: items go in with
/// ``submit(_:)`` and come out of ``take()`` in the order they went in; the consumer keeps their number bounded
/// (``count``), so memory stays flat however long the run.
///
/// `send` builds and signs each subscriber's message here, on every core, while the transport's thread claims rows,
/// writes the journal and drives the SMTP sessions.
///
/// ``submit(_:)``, ``take()`` and ``finish()`` are called from one thread. The slots are in a `Mutex`; builders
/// and the consumer wait on semaphores, signalled only when someone waits: a context switch costs about as much
/// as building an unsigned message.
final class MessagePipeline<Input: Sendable, Output: Sendable>: Sendable {
    private struct Slot {
        var input: Input
        var output: Output?
    }

    private struct State {
        /// Whether the consumer waits for the oldest item.
        var consumerWaits = false
        /// Items submitted and not yet taken, oldest first; `slots[..<head]` are taken and wait to be dropped.
        var slots: [Slot] = []
        var head = 0
        /// The next slot a worker builds.
        var nextToBuild = 0
        /// How many slots were dropped from the front of `slots` since the start: a slot's number for good is
        /// its index plus this.
        var dropped = 0
        var finished = false
    }

    /// What ``take()`` found under the lock.
    private enum Step {
        case empty
        case wait
        case done(Input, Output)
    }

    private let build: @Sendable (Input) -> Output
    private let state = Mutex(State())
    /// One signal per submitted item (and one per worker at the end): a builder takes one before it looks for
    /// work, so that idle builders sleep.
    private let work = DispatchSemaphore(value: 0)
    /// Signalled once when the slot the consumer waits for is built.
    private let built = DispatchSemaphore(value: 0)
    /// Signalled once by each worker as it stops.
    private let stopped = DispatchSemaphore(value: 0)
    private let workers: Int

    /// Starts `workers` threads, named `name-1`, `name-2`, …, that turn inputs into outputs with `build`.
    init(workers: Int, name: String, build: @escaping @Sendable (Input) -> Output) {
        self.build = build
        self.workers = max(1, workers)
        for index in 0..<self.workers {
            let thread = Thread { [self] in runWorker() }
            thread.name = "\(name)-\(index + 1)"
            thread.start()
        }
    }

    /// Items submitted and not yet taken.
    var count: Int { state.withLock { $0.slots.count - $0.head } }

    /// Queues `input` to be built.
    func submit(_ input: Input) {
        state.withLock { state in
            if state.head > 0 && state.head >= state.slots.count / 2 {
                state.slots.removeFirst(state.head)
                state.nextToBuild -= state.head
                state.dropped += state.head
                state.head = 0
            }
            state.slots.append(Slot(input: input, output: nil))
        }
        // One builder takes this item (a builder that is busy finds it when it next looks).
        work.signal()
    }

    /// The oldest item's input and output, waiting until it is built; nil when nothing is queued.
    func take() -> (input: Input, output: Output)? {
        while true {
            let step: Step = state.withLock { state in
                guard state.head < state.slots.count else { return .empty }
                guard let output = state.slots[state.head].output else {
                    state.consumerWaits = true
                    return .wait
                }
                let slot = state.slots[state.head]
                state.head += 1
                return .done(slot.input, output)
            }
            switch step {
            case .empty: return nil
            case .wait: built.wait()
            case .done(let input, let output): return (input, output)
            }
        }
    }

    /// Stops the threads and returns the inputs that were never taken, oldest first.
    func finish() -> [Input] {
        state.withLock { $0.finished = true }
        for _ in 0..<workers { work.signal() }
        for _ in 0..<workers { stopped.wait() }
        // The pipeline is not used again.
        return state.withLock { state in state.slots[state.head...].map(\.input) }
    }

    private func runWorker() {
        while true {
            work.wait()
            let job: (number: Int, input: Input)? = state.withLock { state in
                guard !state.finished, state.nextToBuild < state.slots.count else { return nil }
                defer { state.nextToBuild += 1 }
                return (state.nextToBuild + state.dropped, state.slots[state.nextToBuild].input)
            }
            guard let job else {
                if state.withLock({ $0.finished }) { break }
                continue
            }
            let output = build(job.input)
            let wake = state.withLock { state in
                // Only taken slots are dropped, and this one cannot be taken before it is built.
                let index = job.number - state.dropped
                state.slots[index].output = output
                guard state.consumerWaits && index == state.head else { return false }
                state.consumerWaits = false
                return true
            }
            if wake { built.signal() }
        }
        stopped.signal()
    }
}
