import BulletinApp
import BulletinCore
import Foundation

// The exit codes of the send, status, dry run, test send and preview use cases' errors (BulletinApp knows none).

extension SendStop: BulletinError {
    /// 65 for a halt (the list or the relay needs a person; cron must not retry it), 75 for an interrupted run
    /// (the next run goes on).
    public var exitStatus: ExitStatus {
        switch self {
        case .halted: .dataError
        case .interrupted: .temporaryFailure
        }
    }

    /// With the commands that look at the issue and go on.
    public var sentence: String {
        switch self {
        case .halted(let week, let reason):
            "\(week) is halted: \(reason). Look at `bulletin status --week \(week)`, then resume with "
                + "`bulletin send --week \(week) --resume`."
        case .interrupted(let signal, let week, let queued, let unknown):
            "the send of \(week) stopped on \(signal): \(queued.counted("message")) \(queued.isOrAre) left queued for the next run"
                + (unknown > 0
                    ? ", \(unknown) \(unknown.wasOrWere) still in flight and \(unknown.isOrAre) unknown "
                        + "(`bulletin status --week \(week)`)" : "")
                + "; run `bulletin send --week \(week)` to go on."
        }
    }
}

extension SendIncomplete: BulletinError {
    /// 75: cron retries.
    public var exitStatus: ExitStatus { .temporaryFailure }

    /// With the commands that retry and show the replies.
    public var sentence: String {
        switch self {
        case .deferred(let week, let count, let next, let ifDue):
            "\(count.counted("message")) of \(week) \(count.wasOrWere) deferred by the relay; "
                + (ifDue ? "cron's next run retries them" : "run `bulletin send --week \(week)` again to retry them")
                + (next.map { " from \(Timestamp.format($0))" } ?? "") + " (`bulletin status` shows the replies)."
        }
    }
}

extension StatusError: BulletinError {
    /// 65.
    public var exitStatus: ExitStatus { .dataError }

    /// With the command that helps.
    public var sentence: String {
        switch self {
        case .nothingSent: description.advising("`bulletin send` sends the first one")
        case .notSent: description.advising("`bulletin status` without --week shows the newest")
        }
    }
}

extension DryRunError: BulletinError {
    /// 73: the folder cannot be written.
    public var exitStatus: ExitStatus { .cannotCreate }

    /// Naming the option for a path that is a file.
    public var sentence: String {
        if case .notAFolder = self { return "--dry-run " + description }
        return description
    }
}

extension TestSendError: BulletinError {
    /// 65 for a bad address or a refused copy, 75 for a deferred one.
    public var exitStatus: ExitStatus {
        switch self {
        case .badAddress, .refused: .dataError
        case .deferred: .temporaryFailure
        }
    }

    /// Naming the option for an address that cannot be used.
    public var sentence: String {
        if case .badAddress = self { return "--test " + description }
        return description
    }
}

extension PreviewError: BulletinError {
    /// 65 for an unknown subscriber, 73 for an output file that cannot be written.
    public var exitStatus: ExitStatus {
        switch self {
        case .unknownSubscriber: .dataError
        case .cannotWrite: .cannotCreate
        }
    }

    /// With the commands that find a subscriber or preview without one.
    public var sentence: String {
        switch self {
        case .unknownSubscriber(let email):
            "no subscriber has the address \(email); check it with `bulletin subscribers show`, or preview "
                + "without --for."
        case .cannotWrite: description
        }
    }
}

extension PreflightBlocked: BulletinError {
    /// 65: the issue's content must change first.
    public var exitStatus: ExitStatus { .dataError }

    /// The description, with the commands that list the findings or send anyway.
    public var sentence: String {
        stoppedSend
            ? description.advising(
                "`bulletin check --week \(week)` lists the findings; fix them, or send anyway with "
                    + "`bulletin send --week \(week) --force`")
            : description.advising("`bulletin send --force` sends it anyway")
    }
}

extension ReportError: BulletinError {
    /// 73: the output file cannot be written.
    public var exitStatus: ExitStatus { .cannotCreate }

    /// The description.
    public var sentence: String { description }
}

extension TopicChoiceError: BulletinError {
    /// 64: the command line names a topic the configuration does not have.
    public var exitStatus: ExitStatus { .usage }
}
