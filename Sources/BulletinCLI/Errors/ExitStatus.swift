/// The process exit codes Bulletin uses, after BSD's `sysexits.h`, so that cron jobs and scripts can tell a
/// temporary failure from one that needs a person.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything asked for was done.
    case success = 0
    /// The command line was wrong: an unknown flag, a missing argument.
    case usage = 64
    /// The input data was wrong: a bad address, a malformed CSV row, an unknown subscriber.
    case dataError = 65
    /// An input file is not there or cannot be opened: a mistyped path, a folder, a file without read permission.
    case noInput = 66
    /// A service Bulletin needs could not be reached: the SMTP relay, a feed's server.
    case unavailable = 69
    /// An internal error: a bug in Bulletin.
    case software = 70
    /// A file could not be created or written.
    case cannotCreate = 73
    /// Reading or writing a file failed.
    case ioError = 74
    /// A temporary failure: running the same command again later may succeed.
    case temporaryFailure = 75
    /// The configuration is missing or invalid.
    case configuration = 78
}
