import Foundation

/// English dates for readers: `17 November 2026`, `16–22 November 2026`.
enum DigestDates {
    /// English month names.
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// (year, month, day) of a day since 1970.
    static func parts(_ day: Int64) -> (year: String, month: String, day: Int) {
        let text = CivilDay.format(day)
        let month = Int(text.dropFirst(5).prefix(2)) ?? 1
        return (String(text.prefix(4)), months[max(0, min(11, month - 1))], Int(text.suffix(2)) ?? 1)
    }

    /// `17 November 2026`.
    static func day(_ day: Int64) -> String {
        let p = parts(day)
        return "\(p.day) \(p.month) \(p.year)"
    }

    /// `16–22 November 2026`, `30 November – 6 December 2026`, `29 December 2025 – 4 January 2026`.
    static func range(_ first: Int64, _ last: Int64) -> String {
        let a = parts(first)
        let b = parts(last)
        if a.year != b.year { return "\(day(first)) – \(day(last))" }
        if a.month != b.month { return "\(a.day) \(a.month) – \(b.day) \(b.month) \(b.year)" }
        return "\(a.day)–\(b.day) \(b.month) \(b.year)"
    }

    /// The day an instant falls on in `zone`.
    static func localDay(_ date: Date, zone: TimeZone) -> Int64 {
        var days = LocalDays(timeZone: zone)
        return days.day(Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
