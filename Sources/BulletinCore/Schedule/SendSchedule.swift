import Foundation

/// `[schedule]`: the weekly moment an issue goes out, like Monday 07:00 in Europe/Berlin.
///
/// The moment in a week sends the issue of the week before it (the last complete week, as `--week` defaults to).
/// `send --if-due`, run by cron every 15 minutes, starts that issue once the moment has passed, resumes it until
/// nothing is left to deliver, and otherwise does nothing.
public struct SendSchedule: Sendable, Equatable {
    /// The ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The zone the day and time are read in.
    public var timeZone: TimeZone

    /// The weekday names `[schedule] day` takes, Monday first.
    public static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The default: Monday 07:00.
    public init(weekday: Int = 1, hour: Int = 7, minute: Int = 0, timeZone: TimeZone) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.timeZone = timeZone
    }

    /// The scheduled moment in the ISO week (Monday to Sunday in ``timeZone``) that holds `date`.
    public func moment(inWeekOf date: Date) -> Date {
        var days = LocalDays(timeZone: timeZone)
        let today = days.day(Int64(date.timeIntervalSince1970.rounded(.down)))
        let monday = ISOWeek(containing: today).firstDay
        let day = monday + Int64(weekday - 1)
        return timeZone.instant(localSeconds: day * 86_400 + Int64(hour * 3_600 + minute * 60))
    }

    /// What `send --if-due` may do at `now`.
    public struct Due: Sendable, Equatable {
        /// The moment that decides: this week's when it has passed, else last week's.
        public var moment: Date
        /// Whether `moment` is this week's (a new issue may start) or last week's (only an issue already started
        /// is resumed).
        public var mayStart: Bool
        /// The next moment after `now`.
        public var next: Date
    }

    /// The moment that governs `now`.
    public func due(at now: Date) -> Due {
        let thisWeek = moment(inWeekOf: now)
        if now >= thisWeek {
            return Due(moment: thisWeek, mayStart: true, next: moment(inWeekOf: now.addingTimeInterval(7 * 86_400)))
        }
        return Due(moment: moment(inWeekOf: now.addingTimeInterval(-7 * 86_400)), mayStart: false, next: thisWeek)
    }

    /// `monday 07:00 Europe/Berlin`.
    public var summary: String {
        "\(Self.weekdayNames[weekday - 1]) \(Self.twoDigits(hour)):\(Self.twoDigits(minute)) \(timeZone.configurationName)"
    }

    /// The crontab line that runs `command` every 15 minutes; `send --if-due` decides whether anything is due.
    ///
    /// Cron turns an unescaped `%` in a command into a line end (crontab(5)), so each one is written `\%`.
    public static func crontabLine(command: String) -> String {
        "*/15 * * * * " + command.replacingOccurrences(of: "%", with: "\\%")
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
