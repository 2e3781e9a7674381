import BulletinCore
import Foundation

/// A send that stopped itself, or was stopped, before its issue was delivered.
enum SendStop: BulletinError {
    /// Too many permanent failures among the latest outcomes: the issue is halted until a person resumes it.
    case halted(week: String, reason: String)
    /// SIGINT or SIGTERM: no new message was taken; the rest waits for the next run.
    case interrupted(signal: String, week: String, queued: Int, unknown: Int)

    /// 65 for a halt (the list or the relay needs a person; cron must not retry it), 75 for an interrupted run
    /// (the next run goes on).
    var exitStatus: ExitStatus {
        switch self {
        case .halted: .dataError
        case .interrupted: .temporaryFailure
        }
    }

    /// One line: why, and how to go on.
    var description: String {
        switch self {
        case .halted(let week, let reason):
            "\(week) is halted: \(reason). Look at `bulletin status --week \(week)`, then resume with "
                + "`bulletin send --week \(week) --resume`."
        case .interrupted(let signal, let week, let queued, let unknown):
            "the send of \(week) stopped on \(signal): \(queued) messages are left queued for the next run"
                + (unknown > 0
                    ? ", \(unknown) were still in flight and are unknown (`bulletin status --week \(week)`)" : "")
                + "; run `bulletin send --week \(week)` to go on."
        }
    }
}
