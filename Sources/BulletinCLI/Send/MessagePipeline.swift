import Foundation

/// Builds work items on threads of their own ahead of the one thread that consumes them: items go in with
/// ``submit(_:)`` and come out of ``take()`` in the order they went in; the consumer keeps their number bounded
/// (``count``), so memory stays flat however long the run.
///
/// `send` builds and signs each subscriber's message here, on every core, while the transport's thread claims rows,
/// writes the journal and drives the SMTP sessions.
///
/// ``submit(_:)``, ``take()`` and ``finish()`` are called from one thread.
final class MessagePipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private struct Slot {
        var input: Input
        var output: Output?
    }

    private let build: @Sendable (Input) -> Output
    /// Builders wait here for work, the consumer for the oldest item. Wake-ups are kept to those needed: a context
    /// switch costs about as much as building an unsigned message.
    private let condition = NSCondition()
    /// Whether the consumer waits for the oldest item.
    private var consumerWaits = false
    /// Items submitted and not yet taken, oldest first; `slots[..<head]` are taken and wait to be dropped.
    private var slots: [Slot] = []
    private var head = 0
    /// The next slot a worker builds.
    private var nextToBuild = 0
    /// How many slots were dropped from the front of `slots` since the start: a slot's number for good is its
    /// index plus this.
    private var dropped = 0
    private var finished = false
    private var running = 0

    /// Starts `workers` threads, named `name-1`, `name-2`, …, that turn inputs into outputs with `build`.
    init(workers: Int, name: String, build: @escaping @Sendable (Input) -> Output) {
        self.build = build
        running = max(1, workers)
        for index in 0..<running {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index + 1)"
            thread.start()
        }
    }

    /// Items submitted and not yet taken.
    var count: Int { condition.withLock { slots.count - head } }

    /// Queues `input` to be built.
    func submit(_ input: Input) {
        condition.withLock {
            if head > 0 && head >= slots.count / 2 {
                slots.removeFirst(head)
                nextToBuild -= head
                dropped += head
                head = 0
            }
            slots.append(Slot(input: input, output: nil))
            // Only builders wait while the consumer submits: one of them takes this item.
            condition.signal()
        }
    }

    /// The oldest item's input and output, waiting until it is built; nil when nothing is queued.
    func take() -> (input: Input, output: Output)? {
        condition.withLock {
            guard head < slots.count else { return nil }
            while slots[head].output == nil {
                consumerWaits = true
                condition.wait()
            }
            consumerWaits = false
            let slot = slots[head]
            head += 1
            guard let output = slot.output else { return nil }
            return (slot.input, output)
        }
    }

    /// Stops the threads and returns the inputs that were never taken, oldest first.
    func finish() -> [Input] {
        condition.withLock {
            finished = true
            condition.broadcast()
            while running > 0 { condition.wait() }
            // The pipeline is not used again.
            return slots[head...].map(\.input)
        }
    }

    private func work() {
        while true {
            let job: (number: Int, input: Input)? = condition.withLock {
                while !finished && nextToBuild >= slots.count { condition.wait() }
                guard !finished else { return nil }
                defer { nextToBuild += 1 }
                return (nextToBuild + dropped, slots[nextToBuild].input)
            }
            guard let job else { break }
            let output = build(job.input)
            condition.withLock {
                // Only taken slots are dropped, and this one cannot be taken before it is built.
                let index = job.number - dropped
                slots[index].output = output
                if consumerWaits && index == head { condition.broadcast() }
            }
        }
        condition.withLock {
            running -= 1
            condition.broadcast()
        }
    }
}
