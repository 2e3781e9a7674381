import BulletinCore
import Foundation

/// A send that stopped itself, or was stopped, before its issue was delivered.
public enum SendStop: Error, CustomStringConvertible, Sendable, Equatable {
    /// Too many permanent failures among the latest outcomes: the issue is halted until a person resumes it.
    case halted(week: String, reason: String)
    /// SIGINT or SIGTERM: no new message was taken; the rest waits for the next run.
    case interrupted(signal: String, week: String, queued: Int, unknown: Int)

    /// One line: why, and what is left (the CLI adds the commands that go on).
    public var description: String {
        switch self {
        case .halted(let week, let reason):
            "\(week) is halted: \(reason); it waits until a person looks at its deliveries and resumes it."
        case .interrupted(let signal, let week, let queued, let unknown):
            "the send of \(week) stopped on \(signal): \(queued.counted("message")) \(queued.isOrAre) left queued for the next run"
                + (unknown > 0
                    ? ", \(unknown) \(unknown.wasOrWere) still in flight and \(unknown.isOrAre) unknown" : "") + "."
        }
    }
}

/// A send that ended with messages still to deliver later.
public enum SendIncomplete: Error, CustomStringConvertible, Sendable, Equatable {
    /// The relay deferred `count` messages; they are tried again from `next`. `ifDue`: the run came from cron.
    case deferred(week: String, count: Int, next: Date?, ifDue: Bool)

    /// One line: how many, and when they are tried again (the CLI adds the commands).
    public var description: String {
        switch self {
        case .deferred(let week, let count, let next, let ifDue):
            "\(count.counted("message")) of \(week) \(count.wasOrWere) deferred by the relay; "
                + (ifDue ? "the next scheduled run retries them" : "a later send of \(week) retries them")
                + (next.map { " from \(Timestamp.format($0))" } ?? "") + "."
        }
    }
}

/// `status`, `--requeue` or `--resume` asked about an issue that was never sent.
public enum StatusError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No issue was frozen yet.
    case nothingSent
    /// No issue of this week was frozen.
    case notSent(String)

    /// One line (the CLI adds the command that helps).
    public var description: String {
        switch self {
        case .nothingSent: "no issue has been sent yet."
        case .notSent(let week): "no issue of \(week) was sent."
        }
    }
}
