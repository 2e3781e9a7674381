import Foundation

/// When a deferred message is tried again, and when it is given up.
///
/// The delay doubles from ``firstDelay`` with every attempt (15 minutes, 30, 1 hour, 2 hours, …, at most
/// ``longestDelay``), which gives a greylisting relay time to let the message in and a busy one time to recover;
/// after ``maxAttempts`` attempts the message is failed.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts at one message before a deferral becomes a failure (`[smtp] max_attempts`).
    public var maxAttempts: Int
    /// The wait after the first deferral, in seconds.
    public var firstDelay: TimeInterval
    /// The longest wait between two attempts, in seconds.
    public var longestDelay: TimeInterval

    /// The default waits: 15 minutes, doubling, at most 8 hours.
    public init(maxAttempts: Int, firstDelay: TimeInterval = 15 * 60, longestDelay: TimeInterval = 8 * 3_600) {
        self.maxAttempts = maxAttempts
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
    }

    /// What to do after a deferral.
    public enum Decision: Sendable, Equatable {
        /// Try again at this moment or later.
        case retry(at: Date)
        /// Give up: the attempts ran out.
        case giveUp
    }

    /// The decision after the `attempts`-th attempt (counting from 1) was deferred at `now`.
    public func afterDeferral(attempts: Int, now: Date) -> Decision {
        guard attempts < maxAttempts else { return .giveUp }
        let delay = min(firstDelay * pow(2, Double(max(0, attempts - 1))), longestDelay)
        return .retry(at: now.addingTimeInterval(delay))
    }
}
