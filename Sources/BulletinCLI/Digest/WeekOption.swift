import ArgumentParser
import BulletinCore
import Foundation

/// `--week W`: the ISO week of an issue, by default the last complete one.
struct WeekOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The issue's ISO week, like 2026-W47 (default: the last complete week in [digest] timezone).",
            valueName: "week"))
    var week: String?

    func validate() throws {
        if let week, ISOWeek(week) == nil {
            throw ValidationError("--week '\(week)' is not an ISO week; write it like 2026-W47.")
        }
    }

    /// The week asked for, in the configured zone.
    func issueWeek(_ configuration: Configuration, now: Date) -> IssueWeek {
        let zone = configuration.digest.timeZone
        if let week, let parsed = ISOWeek(week) { return IssueWeek(parsed, timeZone: zone) }
        return IssueWeek.lastComplete(before: now, timeZone: zone)
    }
}
