import Foundation

extension ConfigurationReader {
    /// Reads `[schedule]`: `day` (a weekday name), `time` (`HH:MM`, 24-hour) and `timezone` (default: the
    /// digest's).
    func schedule(defaultTimeZone: TimeZone) throws -> SendSchedule {
        var schedule = SendSchedule(timeZone: defaultTimeZone)
        if let day = try optionalString("schedule", "day") {
            guard let index = SendSchedule.weekdayNames.firstIndex(of: day.lowercased()) else {
                throw ConfigurationError(
                    file: file, key: "schedule.day",
                    problem: "'\(day)' is not a day of the week; write monday, tuesday, … or sunday.")
            }
            schedule.weekday = index + 1
        }
        if let time = try optionalString("schedule", "time") {
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hour = Int(parts[0]),
                let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
            else {
                throw ConfigurationError(
                    file: file, key: "schedule.time",
                    problem: "'\(time)' is not a time of day; write it in 24-hour form like \"07:00\".")
            }
            schedule.hour = hour
            schedule.minute = minute
        }
        schedule.timeZone = try timeZone("schedule", "timezone", default: defaultTimeZone.identifier)
        return schedule
    }
}
