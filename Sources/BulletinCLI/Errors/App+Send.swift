import BulletinApp
import BulletinCore

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
}

extension SendIncomplete: BulletinError {
    /// 75: cron retries.
    public var exitStatus: ExitStatus { .temporaryFailure }
}

extension StatusError: BulletinError {
    /// 65.
    public var exitStatus: ExitStatus { .dataError }
}

extension DryRunError: BulletinError {
    /// 73: the folder cannot be written.
    public var exitStatus: ExitStatus { .cannotCreate }
}

extension TestSendError: BulletinError {
    /// 65 for a bad address or a refused copy, 75 for a deferred one.
    public var exitStatus: ExitStatus {
        switch self {
        case .badAddress, .refused: .dataError
        case .deferred: .temporaryFailure
        }
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
}

extension PreflightBlocked: BulletinError {
    /// 65: the content must change first.
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
