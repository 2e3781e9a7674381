import Foundation

/// Times as the store keeps them: whole seconds since 1970-01-01 00:00 UTC.
enum UnixTime {
    /// The seconds of a date, rounded down.
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// The date of stored seconds.
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
