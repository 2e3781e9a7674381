import BulletinCore

/// A failure reported by SQLite, with its result code and message kept.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's (extended) result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What Bulletin was doing: "opening /srv/bulletin.sqlite", "importing subscribers".
    public let context: String
    /// The connection's busy timeout in seconds (`[store] busy_timeout`), for the busy error's advice.
    public let busyTimeout: Int?

    /// Creates an error.
    public init(code: Int32, message: String, context: String, busyTimeout: Int? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.busyTimeout = busyTimeout
    }

    /// Whether another process held the database for longer than the busy timeout.
    public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }

    public var description: String {
        switch code & 0xFF {
        case 5, 6:
            // What was running (SQL) means nothing to the person who waited; the timeout they can change does.
            return "the database is busy with another bulletin command (an import or a send); try again when it has "
                + "finished, or raise [store] busy_timeout" + (busyTimeout.map { " (now \($0) s)" } ?? "") + "."
        case 8:
            return "\(context): the database is read-only; check the permissions of the file and its folder."
        case 13:
            return "\(context): the disk is full; free some space and run the command again."
        case 14:
            return "\(context): the database file cannot be opened (\(message)); check the path and permissions."
        case 11, 26:
            return "\(context): the file is not a Bulletin database or is damaged (SQLite: \(message)); "
                + "check [store] path, or restore it from a backup."
        case 20:
            return "\(context): \(message); the row was written by a newer Bulletin or edited by hand: upgrade "
                + "bulletin, or correct the row."
        default:
            return "\(context): SQLite failed with code \(code): \(message)."
        }
    }
}
