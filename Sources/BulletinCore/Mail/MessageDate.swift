import Foundation

/// Formats the Date header, always in UTC: `Sun, 29 Nov 2026 07:00:00 +0000`.
///
/// Written out by hand rather than with a `DateFormatter`, which is slow and locale-dependent.
///
/// - SeeAlso: RFC 5322 §3.3.
public enum MessageDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The RFC 5322 date-time for `date`, in UTC.
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let (year, month, day) = Timestamp.civilDate(daysSince1970: days)
        return "\(weekday), \(day) \(months[Int(month - 1)]) \(year) \(twoDigits(secondOfDay / 3600)):"
            + "\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60)) +0000"
    }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The zones RFC 5322 §4.3 still reads, and the Japanese one reports are often dated in.
    private static let namedZones: [String: Int64] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "JST": 9,
    ]

    /// Reads an RFC 5322 date-time as mail carries it: `Thu, 29 Apr 2017 23:34:45 +0900 (JST)`, with or without
    /// the weekday, seconds or a comment, a two-digit year, or an obsolete zone name. nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        words.removeAll { $0.hasPrefix("(") || $0.hasSuffix(")") }
        if let first = words.first, first.count >= 3, weekdays.contains(String(first.prefix(3))) {
            words.removeFirst()
        }
        guard words.count >= 4, let day = Int64(words[0]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: words[1].prefix(3).capitalized), var year = Int64(words[2])
        else { return nil }
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let clock = words[3].split(separator: ":").map { Int64($0) }
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }), (1970...9999).contains(year) else {
            return nil
        }
        let (hour, minute, second) = (clock[0] ?? 0, clock[1] ?? 0, clock.count == 3 ? (clock[2] ?? 0) : 0)
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var offset: Int64 = 0
        if words.count > 4 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int64(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((value / 100) * 3600 + (value % 100) * 60)
            } else if let hours = namedZones[zone.uppercased()] {
                offset = hours * 3600
            }
        }
        let days = CivilDay.daysSince1970(year: year, month: Int64(monthIndex + 1), day: day)
        return Date(
            timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset))
    }
}
