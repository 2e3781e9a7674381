/// An ISO 8601 week, written `2026-W47`: Monday to Sunday, week 1 being the one with the year's first Thursday.
public struct ISOWeek: Sendable, Equatable, CustomStringConvertible {
    /// The ISO week-numbering year.
    public let year: Int64
    /// The week, 1 to 52 or 53.
    public let week: Int64

    /// Reads `2026-W47` (or `2026W47`, any case); nil when it is not a week of that year.
    public init?(_ text: String) {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2, var yearText = parts.first, parts[1].count == 2 else { return nil }
        if yearText.hasSuffix("-") { yearText = yearText.dropLast() }
        guard yearText.count == 4, let year = Int64(yearText), let week = Int64(parts[1]), week >= 1,
            week <= Self.weeks(in: year)
        else { return nil }
        self.year = year
        self.week = week
    }

    /// The week that holds `day` (days since 1970).
    public init(containing day: Int64) {
        let thursday = day - CivilDay.weekday(day) + 4
        let year = Timestamp.civilDate(daysSince1970: thursday).year
        self.year = year
        self.week = (thursday - Self.monday(ofWeekOne: year)) / 7 + 1
    }

    /// The Monday (days since 1970).
    public var firstDay: Int64 { Self.monday(ofWeekOne: year) + (week - 1) * 7 }

    /// The Sunday (days since 1970).
    public var lastDay: Int64 { firstDay + 6 }

    /// `2026-W47`.
    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }

    private static func monday(ofWeekOne year: Int64) -> Int64 {
        let january4 = CivilDay.daysSince1970(year: year, month: 1, day: 4)
        return january4 - CivilDay.weekday(january4) + 1
    }

    private static func weeks(in year: Int64) -> Int64 {
        (monday(ofWeekOne: year + 1) - monday(ofWeekOne: year)) / 7
    }
}
