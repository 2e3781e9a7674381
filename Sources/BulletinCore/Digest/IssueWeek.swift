import Foundation

/// The ISO week an issue covers, in the configured time zone: from Monday 00:00 to the next Monday 00:00 there.
public struct IssueWeek: Sendable, Equatable, CustomStringConvertible {
    /// The week.
    public let week: ISOWeek
    /// The zone whose Mondays start and end the week.
    public let timeZone: TimeZone

    /// The week `week` in `timeZone`.
    public init(_ week: ISOWeek, timeZone: TimeZone) {
        self.week = week
        self.timeZone = timeZone
    }

    /// The last complete week before `now`: the one before the week that holds `now` in `timeZone`.
    public static func lastComplete(before now: Date, timeZone: TimeZone) -> IssueWeek {
        var days = LocalDays(timeZone: timeZone)
        let today = days.day(Int64(now.timeIntervalSince1970.rounded(.down)))
        let current = ISOWeek(containing: today)
        return IssueWeek(ISOWeek(containing: current.firstDay - 7), timeZone: timeZone)
    }

    /// `2026-W47`: the issue's name.
    public var description: String { week.description }

    /// The Monday, as `YYYY-MM-DD`.
    public var firstDay: String { CivilDay.format(week.firstDay) }

    /// The Sunday, as `YYYY-MM-DD`.
    public var lastDay: String { CivilDay.format(week.lastDay) }

    /// Monday 00:00 in the zone.
    public var start: Date { midnight(week.firstDay) }

    /// The next Monday 00:00 in the zone (the end, excluded).
    public var end: Date { midnight(week.firstDay + 7) }

    /// The instant the lookback starts: `days` days before Monday 00:00.
    public func lookbackStart(days: Int) -> Date { midnight(week.firstDay - Int64(days)) }

    /// The instant of 00:00 on `day` (days since 1970) in the zone.
    func midnight(_ day: Int64) -> Date { timeZone.instant(localSeconds: day * 86_400) }
}
