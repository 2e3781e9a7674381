import BulletinCore

/// A failure reported by SQLite, with its result code and message kept.
public struct SQLiteError: BulletinError {
    /// SQLite's (extended) result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What Bulletin was doing: "opening /srv/bulletin.sqlite", "importing subscribers".
    public let context: String

    /// Creates an error.
    public init(code: Int32, message: String, context: String) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// Whether another process held the database for longer than the busy timeout.
    public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }

    public var exitStatus: ExitStatus {
        switch code & 0xFF {
        case 5, 6: return .temporaryFailure  // SQLITE_BUSY, SQLITE_LOCKED
        case 8, 10, 13, 14, 23: return .ioError  // READONLY, IOERR, FULL, CANTOPEN, AUTH
        case 11, 26: return .dataError  // CORRUPT, NOTADB
        default: return .software
        }
    }

    public var description: String {
        switch code & 0xFF {
        case 5, 6:
            return "\(context): the database is busy with another bulletin command that is writing to it; "
                + "try again when it has finished (SQLite: \(message))."
        case 8:
            return "\(context): the database is read-only; check the permissions of the file and its folder."
        case 13:
            return "\(context): the disk is full; free some space and run the command again."
        case 14:
            return "\(context): the database file cannot be opened (\(message)); check the path and permissions."
        case 11, 26:
            return "\(context): the file is not a Bulletin database or is damaged (SQLite: \(message)); "
                + "check [store] path, or restore it from a backup."
        default:
            return "\(context): SQLite failed with code \(code): \(message)."
        }
    }
}
