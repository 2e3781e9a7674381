import Dispatch
import Foundation
import Synchronization

/// Runs a producer on a thread of its own and hands its items to the consumer in order, in batches, through a
/// bounded queue: the producer (say, a CSV parser) and the consumer (say, SQLite inserts) then run on two cores
/// at once, and memory stays bounded however long the input is.
///
/// The consumer calls ``next()`` until it returns nil, or ``forEach(_:)`` once. An error thrown by the producer is
/// rethrown after the items produced before it. When the consumer stops early it calls ``cancel()``, and the
/// producer's next `emit` throws ``CancellationError`` so that it unwinds.
public final class BackgroundProducer<Item: Sendable>: Sendable {
    /// Everything the two threads share.
    private let state = Mutex(State())
    /// Signalled when a batch is queued or the producer has finished: the consumer waits on it. A semaphore
    /// counts, so a signal given before the wait is not lost; a wake-up that finds nothing new waits again.
    private let itemsReady = DispatchSemaphore(value: 0)
    /// Signalled when a batch is taken or the consumer cancels: the producer waits on it when the queue is full.
    private let roomMade = DispatchSemaphore(value: 0)
    private let batchSize: Int
    private let capacity: Int

    private struct State {
        var batches: [Batch] = []
        /// Batches the consumer has gone through with ``forEach(_:)``, for the producer to free and reuse: freeing
        /// an item's memory on the thread that allocated it is cheaper, and the consumer is the busier thread.
        var spent: [Batch] = []
        /// The batch ``next()`` is taking items from (the consumer's alone; kept here to be shared safely).
        var current: Batch?
        var finished = false
        var cancelled = false
        var failure: (any Error)?
    }

    /// Items in one buffer, appended at the back and moved out from the front without copying.
    private struct Batch: Sendable {
        private var items: ContiguousArray<Item?>
        /// Items moved out from the front by ``take()``.
        private var taken = 0
        private let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            items = []
            items.reserveCapacity(capacity)
        }

        var isFull: Bool { items.count >= capacity }
        var isEmpty: Bool { items.count == taken }

        mutating func append(_ item: Item) {
            items.append(item)
        }

        /// Moves the first remaining item out.
        mutating func take() -> Item? {
            guard taken < items.count else { return nil }
            taken += 1
            return items[taken - 1].take()
        }

        /// Calls `body` with each remaining item, without copying it.
        mutating func forEach(_ body: (Item) throws -> Void) rethrows {
            for index in taken..<items.count {
                // Moved out and back: an item read in place was copied (a retain and a release of every reference
                // in it), and put back it is freed with its batch, on the producer's thread.
                guard let item = items[index].take() else { continue }
                do {
                    try body(item)
                } catch {
                    items[index] = consume item
                    throw error
                }
                items[index] = consume item
            }
        }

        /// Frees the remaining items; the batch can then be filled again.
        mutating func removeAll() {
            items.removeAll(keepingCapacity: true)
            taken = 0
        }
    }

    /// Starts `produce` on a new thread; it calls `emit` for each item.
    ///
    /// - Parameters:
    ///   - batchSize: items handed over at a time.
    ///   - capacity: batches the queue holds before the producer waits.
    public init(
        batchSize: Int = 512, capacity: Int = 16,
        produce: @escaping @Sendable (_ emit: (Item) throws -> Void) throws -> Void
    ) {
        self.batchSize = max(1, batchSize)
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in
            var batch = Batch(capacity: self.batchSize)
            do {
                try produce { item in
                    batch.append(item)
                    if batch.isFull { try self.hand(&batch) }
                }
                if !batch.isEmpty { try self.hand(&batch) }
                self.finish(with: nil)
            } catch {
                if !batch.isEmpty { try? self.hand(&batch) }
                self.finish(with: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues a full batch and puts an empty one in its place to fill next: a spent batch, freed here, or a new
    /// one. The full batch is moved, not shared, so that the consumer lends its items without copying them.
    private func hand(_ batch: inout Batch) throws {
        var full: Batch? = batch
        // An empty placeholder (no allocation) while the batch is queued.
        batch = Batch(capacity: 0)
        var handed: [Batch]?
        while handed == nil {
            handed = try state.withLock { state -> [Batch]? in
                if state.cancelled { throw CancellationError() }
                guard state.batches.count < capacity, let queued = full.take() else { return nil }
                state.batches.append(queued)
                defer { state.spent.removeAll(keepingCapacity: true) }
                return state.spent
            }
            if handed == nil { roomMade.wait() }
        }
        itemsReady.signal()
        var returned = handed.take() ?? []
        guard var reused = returned.popLast() else {
            batch = Batch(capacity: batchSize)
            return
        }
        returned.removeAll()
        reused.removeAll()
        batch = reused
    }

    private func finish(with error: (any Error)?) {
        state.withLock { state in
            state.finished = true
            if !(error is CancellationError) { state.failure = error }
        }
        itemsReady.signal()
    }

    /// What the consumer found in the queue.
    private enum Found {
        case batch(Batch)
        /// The producer has finished, with this error or none; the batches it was still to free are dropped here.
        case end((any Error)?, dropped: [Batch])
        case nothingYet
    }

    /// The next batch, waiting for the producer when needed; nil when it has finished.
    private func nextBatch(returning done: Batch?) throws -> Batch? {
        var done = done
        while true {
            let found = state.withLock { state -> Found in
                // Once the producer has finished nobody frees spent batches: they are dropped here instead.
                if let spent = done.take(), !state.finished { state.spent.append(spent) }
                if !state.batches.isEmpty { return .batch(state.batches.removeFirst()) }
                guard state.finished else { return .nothingYet }
                defer {
                    state.failure = nil
                    state.spent.removeAll()
                }
                return .end(state.failure, dropped: state.spent)
            }
            switch found {
            case .batch(let batch):
                roomMade.signal()
                return batch
            case .end(let error, _):
                if let error { throw error }
                return nil
            case .nothingYet:
                itemsReady.wait()
            }
        }
    }

    /// The next item, waiting for the producer when needed; nil when it has finished.
    ///
    /// - Throws: the producer's error, once the items before it have been taken.
    public func next() throws -> Item? {
        if let item = state.withLock({ $0.current?.take() }) { return item }
        while var batch = try nextBatch(returning: nil) {
            if let item = batch.take() {
                state.withLock { $0.current = batch }
                return item
            }
        }
        state.withLock { $0.current = nil }
        return nil
    }

    /// Calls `body` with every item in order, until the producer has finished; the items are lent, not copied,
    /// and freed on the producer's thread.
    ///
    /// - Throws: what `body` throws, or the producer's error once the items before it have been handled.
    public func forEach(_ body: (Item) throws -> Void) throws {
        if var batch = state.withLock({ $0.current.take() }) {
            try batch.forEach(body)
        }
        var done: Batch?
        while var batch = try nextBatch(returning: done.take()) {
            try batch.forEach(body)
            done = batch
        }
    }

    /// Tells the producer to stop; items not yet taken are dropped.
    public func cancel() {
        state.withLock { state in
            state.cancelled = true
            state.batches.removeAll()
            state.spent.removeAll()
        }
        roomMade.signal()
    }

    deinit {
        cancel()
    }
}
