import Foundation

/// Where "now" comes from: the system clock, or `BULLETIN_NOW` (ISO 8601) for tests and backfills.
public enum Clock {
    /// The name of the environment variable that overrides the clock.
    public static let environmentVariable = "BULLETIN_NOW"

    /// The current time: `BULLETIN_NOW` when it is set, else the system clock.
    ///
    /// - Throws: ``ClockError`` when `BULLETIN_NOW` is set but is not an ISO 8601 date and time.
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date {
        guard let text = environment[environmentVariable], !text.isEmpty else { return Date() }
        guard let date = Timestamp.parse(text) else { throw ClockError(value: text) }
        return date
    }

    /// The clock of ``now(environment:)`` as a function, with `BULLETIN_NOW` read once: for code that asks the
    /// time for every message (reading the process environment builds a dictionary of it each time).
    ///
    /// - Throws: ``ClockError`` when `BULLETIN_NOW` is set but is not an ISO 8601 date and time.
    public static func source(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> @Sendable () -> Date {
        guard let text = environment[environmentVariable], !text.isEmpty else { return { Date() } }
        guard let date = Timestamp.parse(text) else { throw ClockError(value: text) }
        return { date }
    }
}

/// `BULLETIN_NOW` is set to something that is not a date and time.
public struct ClockError: Error, CustomStringConvertible, Sendable {
    /// The value found in the environment.
    public let value: String

    public var description: String {
        "BULLETIN_NOW is '\(value)', which is not an ISO 8601 date and time; "
            + "set it like 2026-11-23T07:00:00Z or unset it."
    }
}
