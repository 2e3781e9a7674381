import Foundation

/// Runs a producer on a thread of its own and hands its items to the consumer in order, in batches, through a
/// bounded queue: the producer (say, a CSV parser) and the consumer (say, SQLite inserts) then run on two cores
/// at once, and memory stays bounded however long the input is.
///
/// The consumer calls ``next()`` until it returns nil, or ``forEach(_:)`` once. An error thrown by the producer is
/// rethrown after the items produced before it. When the consumer stops early it calls ``cancel()``, and the
/// producer's next `emit` throws ``CancellationError`` so that it unwinds.
public final class BackgroundProducer<Item: Sendable>: @unchecked Sendable {
    // All mutable state is guarded by `condition`, except `current`, which only the consumer touches.
    private let condition = NSCondition()
    private var batches: [Batch] = []
    /// Batches the consumer has gone through with ``forEach(_:)``, for the producer to free and reuse: freeing
    /// an item's memory on the thread that allocated it is cheaper, and the consumer is the busier thread.
    private var spent: [Batch] = []
    private var current: Batch?
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private let batchSize: Int
    private let capacity: Int

    /// Items in one allocation, moved in at the back and out at the front without copying.
    private final class Batch: @unchecked Sendable {
        let items: UnsafeMutablePointer<Item>
        let capacity: Int
        /// Items initialized from `items`.
        private(set) var count = 0
        /// Items moved out from the front by ``take()``.
        private var taken = 0

        init(capacity: Int) {
            self.capacity = capacity
            items = .allocate(capacity: capacity)
        }

        var isFull: Bool { count >= capacity }
        var isEmpty: Bool { count == taken }

        func append(_ item: Item) {
            (items + count).initialize(to: item)
            count += 1
        }

        /// Moves the first remaining item out.
        func take() -> Item? {
            guard taken < count else { return nil }
            taken += 1
            return (items + taken - 1).move()
        }

        /// Calls `body` with each remaining item, without copying it.
        func forEach(_ body: (Item) throws -> Void) rethrows {
            for index in taken..<count {
                // Moved out and back: an item read in place was copied (a retain and a release of every reference
                // in it), since `body` could write to the batch's memory.
                let item = (items + index).move()
                do {
                    try body(item)
                } catch {
                    (items + index).initialize(to: consume item)
                    throw error
                }
                (items + index).initialize(to: consume item)
            }
        }

        /// Frees the remaining items; the batch can then be filled again.
        func removeAll() {
            (items + taken).deinitialize(count: count - taken)
            count = 0
            taken = 0
        }

        deinit {
            removeAll()
            items.deallocate()
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
                    if batch.isFull {
                        batch = try self.hand(batch)
                    }
                }
                if !batch.isEmpty { _ = try self.hand(batch) }
                self.finish(with: nil)
            } catch {
                if !batch.isEmpty { _ = try? self.hand(batch) }
                self.finish(with: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues a full batch and returns an empty one to fill next: a spent batch, freed here, or a new one.
    private func hand(_ batch: Batch) throws -> Batch {
        condition.lock()
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            throw CancellationError()
        }
        batches.append(batch)
        let returned = spent
        spent.removeAll(keepingCapacity: true)
        condition.broadcast()
        condition.unlock()
        guard let reused = returned.first else { return Batch(capacity: batchSize) }
        for old in returned { old.removeAll() }
        return reused
    }

    private func finish(with error: Error?) {
        condition.lock()
        finished = true
        if !(error is CancellationError) { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for the producer when needed; nil when it has finished.
    private func nextBatch(returning done: Batch?) throws -> Batch? {
        condition.lock()
        // Once the producer has finished nobody frees spent batches: they are dropped here instead.
        if let done, !finished { spent.append(done) }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty {
            let error = failure
            failure = nil
            // The producer has finished and frees nothing more: drop what it was still to free, here.
            let leftover = spent
            spent.removeAll()
            condition.unlock()
            withExtendedLifetime(leftover) {}
            if let error { throw error }
            return nil
        }
        let batch = batches.removeFirst()
        condition.broadcast()
        condition.unlock()
        return batch
    }

    /// The next item, waiting for the producer when needed; nil when it has finished.
    ///
    /// - Throws: the producer's error, once the items before it have been taken.
    public func next() throws -> Item? {
        if let item = current?.take() { return item }
        current = nil
        while let batch = try nextBatch(returning: nil) {
            if let item = batch.take() {
                current = batch
                return item
            }
        }
        return nil
    }

    /// Calls `body` with every item in order, until the producer has finished; the items are lent, not copied,
    /// and freed on the producer's thread.
    ///
    /// - Throws: what `body` throws, or the producer's error once the items before it have been handled.
    public func forEach(_ body: (Item) throws -> Void) throws {
        if let batch = current {
            current = nil
            try batch.forEach(body)
        }
        var done: Batch?
        while let batch = try nextBatch(returning: done) {
            done = nil
            try batch.forEach(body)
            done = batch
        }
    }

    /// Tells the producer to stop; items not yet taken are dropped.
    public func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        spent.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    deinit {
        cancel()
    }
}
