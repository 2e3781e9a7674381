import Foundation

/// Calendar days as whole numbers (days since 1970-01-01) and as `YYYY-MM-DD` text, without Foundation's
/// calendar, which is far too slow for a per-line computation.
public enum CivilDay {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    public static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day as `YYYY-MM-DD`.
    public static func format(_ days: Int64) -> String {
        let (year, month, day) = Timestamp.civilDate(daysSince1970: days)
        return "\(Timestamp.pad(year, 4))-\(Timestamp.pad(month, 2))-\(Timestamp.pad(day, 2))"
    }

    /// Reads `YYYY-MM-DD` or `YYYYMMDD`; nil otherwise.
    public static func parse(_ text: String) -> Int64? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 8, trimmed.allSatisfy(\.isNumber) {
            trimmed = "\(trimmed.prefix(4))-\(trimmed.dropFirst(4).prefix(2))-\(trimmed.suffix(2))"
        }
        guard trimmed.count == 10, let seconds = Timestamp.parseSeconds(trimmed) else { return nil }
        return seconds / 86_400
    }

    /// The ISO weekday, 1 (Monday) to 7 (Sunday).
    public static func weekday(_ days: Int64) -> Int64 {
        ((days % 7 + 7 + 3) % 7) + 1
    }
}
