import Foundation
import Testing

@testable import BulletinCore

@Suite("[schedule] and retries")
struct SendScheduleTests {
    private func parse(_ lines: String, digestZone: String = "UTC") throws -> Configuration {
        let text = """
            [newsletter]
            name = "Test"
            from = "News <news@example.org>"
            site_url = "https://example.org"

            [digest]
            timezone = "\(digestZone)"

            [schedule]
            \(lines)
            """
        return try ConfigurationLoader.parse(
            text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
    }

    private func date(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    @Test func defaultsToMondaySevenInTheDigestsZone() throws {
        let schedule = try parse("", digestZone: "Asia/Almaty").schedule
        #expect(schedule.weekday == 1 && schedule.hour == 7 && schedule.minute == 0)
        #expect(schedule.timeZone.identifier == "Asia/Almaty")
        #expect(schedule.summary == "monday 07:00 Asia/Almaty")
    }

    @Test func theMomentFollowsTheZonesClockAcrossSummerTime() throws {
        let schedule = try parse("day = \"Sunday\"\ntime = \"23:30\"\ntimezone = \"Europe/Berlin\"").schedule
        // Winter: UTC+1. Summer: UTC+2.
        #expect(schedule.moment(inWeekOf: date("2026-11-25T12:00:00Z")) == date("2026-11-29T22:30:00Z"))
        #expect(schedule.moment(inWeekOf: date("2026-07-01T12:00:00Z")) == date("2026-07-05T21:30:00Z"))
        // The week is the zone's: early Monday in Berlin is still Sunday in UTC.
        #expect(schedule.moment(inWeekOf: date("2026-11-29T23:15:00Z")) == date("2026-12-06T22:30:00Z"))
    }

    @Test func dueStartsANewIssueOnlyAfterThisWeeksMoment() throws {
        let schedule = try parse("day = \"monday\"\ntime = \"07:00\"\ntimezone = \"America/New_York\"").schedule
        let before = schedule.due(at: date("2026-11-23T11:59:00Z"))
        #expect(!before.mayStart)
        #expect(before.moment == date("2026-11-16T12:00:00Z"))
        #expect(before.next == date("2026-11-23T12:00:00Z"))
        let after = schedule.due(at: date("2026-11-23T12:00:00Z"))
        #expect(after.mayStart)
        #expect(after.moment == date("2026-11-23T12:00:00Z"))
        #expect(after.next == date("2026-11-30T12:00:00Z"))
        let zone = TimeZone(identifier: "UTC") ?? .current
        #expect(IssueWeek.lastComplete(before: after.moment, timeZone: zone).description == "2026-W47")
    }

    @Test(arguments: [
        ("day = \"someday\"", "schedule.day"), ("time = \"7am\"", "schedule.time"),
        ("time = \"24:00\"", "schedule.time"),
        ("timezone = \"Mars/Olympus\"", "schedule.timezone"), ("hour = 7", "schedule.hour"),
    ])
    func badValuesNameTheKey(line: String, key: String) throws {
        do {
            _ = try parse(line)
            Issue.record("\(line) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(key), "\(error)")
        }
    }

    @Test func deferralsWaitFifteenMinutesDoublingUpToTheLastAttempt() {
        let policy = RetryPolicy(maxAttempts: 5)
        let now = date("2026-11-23T07:00:00Z")
        #expect(policy.afterDeferral(attempts: 1, now: now) == .retry(at: now.addingTimeInterval(900)))
        #expect(policy.afterDeferral(attempts: 2, now: now) == .retry(at: now.addingTimeInterval(1_800)))
        #expect(policy.afterDeferral(attempts: 4, now: now) == .retry(at: now.addingTimeInterval(7_200)))
        #expect(policy.afterDeferral(attempts: 5, now: now) == .giveUp)
        let patient = RetryPolicy(maxAttempts: 20)
        #expect(patient.afterDeferral(attempts: 12, now: now) == .retry(at: now.addingTimeInterval(8 * 3_600)))
    }

    @Test func theCrontabLineEscapesPercentSigns() {
        #expect(
            SendSchedule.crontabLine(command: "cd '/srv/50%' && bulletin send")
                == "*/15 * * * * cd '/srv/50\\%' && bulletin send")
    }
}
