import BulletinCore

/// A backup or a restore cannot be made.
public enum BackupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The destination exists; backups never replace a file.
    case exists(String)
    /// The destination cannot be written.
    case cannotWrite(String, String)
    /// The copy failed `PRAGMA integrity_check`.
    case damagedCopy(String, [String])
    /// The copy before a schema upgrade failed; the schema was left as it was.
    case beforeMigration(String, String)
    /// The file to restore is not a sound Bulletin database.
    case notRestorable(String, String)
    /// Another process has the database open.
    case inUse(String)

    public var description: String {
        switch self {
        case .exists(let path):
            "\(path) exists and is never replaced; name another file, or give a folder to get a dated name."
        case .cannotWrite(let path, let reason):
            "cannot write \(path) (\(reason)); check that its folder exists, is writable and has free space."
        case .damagedCopy(let path, let problems):
            "the copy \(path) failed its integrity check (\(problems.prefix(3).joined(separator: "; "))), so it "
                + "was not kept."
        case .beforeMigration(let path, let reason):
            "cannot copy \(path) before upgrading its schema (\(reason)); nothing was changed. Free some space "
                + "or make the database's folder writable, then run the command again."
        case .notRestorable(let path, let reason):
            "\(path) cannot be restored: \(reason)."
        case .inUse(let path):
            "\(path) is open in another process (the web server, or a command still running); stop it, "
                + "restore, then start it again."
        }
    }
}
