import BulletinCore
import BulletinNet

/// Fetches the messages waiting in the `[inbound]` mailbox and hands each to a processing step, marking it
/// processed (moved, flagged or deleted) only once that step has returned: a message whose processing throws stays
/// for the next run, and nothing is ever deleted unread.
public struct FetchInbound {
    /// What one run did.
    public struct Counts: Sendable, Equatable {
        /// Messages processed and marked so.
        public var processed = 0
        /// Messages whose processing threw; left in the mailbox as they were.
        public var failed = 0

        /// Counts of zero.
        public init() {}
    }

    /// One message whose processing threw, with what it threw.
    public struct Failure: Sendable {
        /// Where the message is, like `imaps://host:993/INBOX;UID=42`.
        public let source: String
        /// What the processing step threw, in words.
        public let reason: String
    }

    private let makeFetcher: () throws -> any InboundFetcher

    /// A use case over the configured mailbox.
    ///
    /// - Throws: ``ConfigurationError`` when `[inbound]` is missing or its password cannot be read.
    public init(environment: AppEnvironment) throws {
        _ = try environment.inboundPassword()
        // A fresh fetcher (and connection) for every run: a run closes its fetcher when it ends.
        makeFetcher = { try environment.inboundFetcher() }
    }

    /// A use case over any fetcher (for tests of the use case alone).
    public init(fetcher: @escaping () throws -> any InboundFetcher) {
        makeFetcher = fetcher
    }

    /// Processes every waiting message with `process(bytes, source)`, over one connection.
    ///
    /// - Parameters:
    ///   - leaveAll: a dry run: every message is left as it was found (unread, not moved, not deleted), however
    ///     its processing ended.
    ///   - failed: told about each message whose processing threw (the run goes on with the next).
    /// - Throws: the fetcher's errors (``InboundFetchError``) when the server cannot be used; messages already
    ///   marked stay marked.
    public func run(
        leaveAll: Bool = false, process: ([UInt8], String) throws -> Void, failed: (Failure) -> Void = { _ in }
    ) throws -> Counts {
        let fetcher = try makeFetcher()
        defer { fetcher.close() }
        var counts = Counts()
        for message in try fetcher.pending() {
            let bytes = try fetcher.fetch(message)
            do {
                try process(bytes, message.source)
            } catch {
                counts.failed += 1
                failed(Failure(source: message.source, reason: "\(error)"))
                try fetcher.leaveUnprocessed(message)
                continue
            }
            if leaveAll { try fetcher.leaveUnprocessed(message) } else { try fetcher.markProcessed(message) }
            counts.processed += 1
        }
        return counts
    }
}
