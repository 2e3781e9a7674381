import Foundation

/// The calendar day of an instant in the configured time zone, fast: the zone's offset is looked up once per
/// quarter hour of log time (every real zone changes its offset on a quarter hour).
public struct LocalDays {
    /// The time zone.
    public let timeZone: TimeZone
    private var bucket: Int64 = .min
    private var offset: Int64 = 0

    /// Days in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The day (days since 1970-01-01 in the zone) of `seconds` since 1970 UTC.
    public mutating func day(_ seconds: Int64) -> Int64 {
        let quarter = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        if quarter != bucket {
            bucket = quarter
            offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(quarter * 900))))
        }
        let local = seconds + offset
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }
}
