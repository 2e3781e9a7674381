import Foundation

/// Runs a producer on a thread of its own and hands its items to the consumer in order, in batches, through a
/// bounded queue: the producer (say, a CSV parser) and the consumer (say, SQLite inserts) then run on two cores
/// at once, and memory stays bounded however long the input is.
///
/// The consumer calls ``next()`` until it returns nil. An error thrown by the producer is rethrown by ``next()``
/// after the items produced before it. When the consumer stops early it calls ``cancel()``, and the producer's
/// next `emit` throws ``CancellationError`` so that it unwinds.
public final class BackgroundProducer<Item: Sendable>: @unchecked Sendable {
    // All mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var batches: [[Item]] = []
    private var current: [Item] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private let batchSize: Int
    private let capacity: Int

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
            var batch: [Item] = []
            batch.reserveCapacity(self.batchSize)
            do {
                try produce { item in
                    batch.append(item)
                    if batch.count >= self.batchSize {
                        try self.hand(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try self.hand(batch) }
                self.finish(with: nil)
            } catch {
                if !batch.isEmpty { try? self.hand(batch) }
                self.finish(with: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func hand(_ batch: [Item]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        batches.append(batch)
        condition.broadcast()
    }

    private func finish(with error: Error?) {
        condition.lock()
        finished = true
        if !(error is CancellationError) { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for the producer when needed; nil when it has finished.
    ///
    /// - Throws: the producer's error, once the items before it have been taken.
    public func next() throws -> Item? {
        // Items are moved out of a reversed batch with popLast: copying them out by index would retain every
        // reference inside each item and release it again when the batch is freed.
        if let item = current.popLast() { return item }
        condition.lock()
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty {
            let error = failure
            failure = nil
            condition.unlock()
            if let error { throw error }
            return nil
        }
        current = batches.removeFirst()
        condition.broadcast()
        condition.unlock()
        current.reverse()
        return current.popLast()
    }

    /// Tells the producer to stop; items not yet taken are dropped.
    public func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    deinit {
        cancel()
    }
}
