import Foundation
import Synchronization

/// How many subscribe requests each client address may make: a token bucket per address, in memory.
///
/// Each address starts with `limit` requests; they come back evenly over `period` (an hour), so a burst of
/// `limit` is allowed and then one every `period / limit`. Buckets that have filled up again are forgotten, so
/// memory stays bounded by the addresses seen within the last period. The buckets are per process and start
/// empty when the server restarts.
final class SubscribeRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// Requests per period; 0 allows everything.
    let limit: Int
    /// The period in which `limit` requests come back.
    let period: TimeInterval
    private let buckets = Mutex<[String: Bucket]>([:])

    init(limit: Int, period: TimeInterval = 3_600) {
        self.limit = limit
        self.period = period
    }

    /// Takes one request from the address's bucket; false when it is empty.
    func allow(_ client: String, at now: Date) -> Bool {
        guard limit > 0 else { return true }
        let capacity = Double(limit)
        let refill = capacity / period
        return buckets.withLock { buckets in
            if buckets.count > 10_000 {
                buckets = buckets.filter {
                    $0.value.tokens + now.timeIntervalSince($0.value.updated) * refill < capacity
                }
            }
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * refill)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return true
        }
    }

    /// Seconds until the address may try again.
    func retryAfter(_ client: String, at now: Date) -> Int {
        guard limit > 0 else { return 0 }
        let refill = Double(limit) / period
        let tokens = buckets.withLock { $0[client].map { $0.tokens + now.timeIntervalSince($0.updated) * refill } }
        guard let tokens, tokens < 1 else { return 0 }
        return Int(((1 - tokens) / refill).rounded(.up))
    }
}
