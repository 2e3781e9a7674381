import Foundation

/// Formats and parses the timestamps Bulletin writes: ISO 8601 / RFC 3339, in UTC, to the second.
public enum Timestamp {
    /// Formats seconds since 1970 as `2026-11-29T03:40:00Z`.
    ///
    /// Hand-rolled (days-from-civil) because exports format a timestamp per row and `ISO8601DateFormatter` is
    /// slow enough to dominate a million-row export.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let hour = secondOfDay / 3600
        let minute = (secondOfDay % 3600) / 60
        let second = secondOfDay % 60
        return "\(CivilDay.format(days))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// Formats a date as `2026-11-29T03:40:00Z`.
    public static func format(_ date: Date) -> String {
        format(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Parses an RFC 3339 date-time (`2026-11-29T03:40:00Z`, `2026-11-29T04:40:00+01:00`, fractions allowed, a
    /// space instead of the `T`, an offset written `+0100` or `+01` as PostgreSQL exports write it), or a plain date
    /// (`2026-11-29`, taken as midnight UTC).
    ///
    /// - Returns: nil when the text is none of these.
    public static func parse(_ text: String) -> Date? {
        parseSeconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Parses like ``parse(_:)`` and returns whole seconds since 1970.
    public static func parseSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = CivilDay.daysSince1970(year: year, month: month, day: day)
        if index == bytes.count { return days * 86_400 }

        guard expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            guard let parsed = number(2), parsed <= 60 else { return nil }
            second = min(parsed, 59)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        var offset: Int64 = 0
        if index == bytes.count || expect("Zz") {
            // No offset, or UTC.
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2) else { return nil }
            // `+02:00`, `+0200`, or `+02` as PostgreSQL writes it.
            var offsetMinutes: Int64? = 0
            if index < bytes.count {
                _ = expect(":")
                offsetMinutes = number(2)
            }
            guard let offsetMinutes, offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func isLeap(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's
    /// civil_from_days; the inverse is ``CivilDay/daysSince1970(year:month:day:)``).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
