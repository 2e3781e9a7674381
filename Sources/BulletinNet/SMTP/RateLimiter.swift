import Foundation

/// Spaces out message starts to at most `rate` per second across all sessions; 0 means no limit.
struct RateLimiter {
    private let interval: Double
    private var nextStart: Double

    /// Creates a limiter for `rate` messages per second.
    init(rate: Double, now: Double) {
        interval = rate > 0 ? 1 / rate : 0
        nextStart = now
    }

    /// Seconds to wait before the next message may start; 0 when it may start now.
    func delay(now: Double) -> Double {
        max(0, nextStart - now)
    }

    /// Records that a message started at `now`.
    mutating func started(now: Double) {
        // A limiter that fell behind (slow server) does not burst to catch up.
        nextStart = max(nextStart, now - interval) + interval
    }

    /// Seconds on a monotonic clock.
    static func monotonicNow() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }
}
