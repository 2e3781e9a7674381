import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The copy of a database taken before a migration changes its schema: beside the database, named after the
/// schema version it holds and the time, like `bulletin-schema4-20261204-101500.sqlite`.
public enum SchemaBackup {
    /// The copy's path for the database at `databasePath`, holding schema `version`, taken at `date`.
    public static func path(forDatabase databasePath: String, version: Int, at date: Date) -> String {
        let url = URL(fileURLWithPath: databasePath)
        let base = url.deletingPathExtension().lastPathComponent
        let name = "\(base)-schema\(version)-\(BackupName.stamp(date)).sqlite"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Writes the copy. The database's connection is inside the migration's write transaction, which the backup
    /// API cannot read from; a second, read-only connection reads the last committed state, which that
    /// transaction keeps exactly what the migration starts from (in WAL mode a reader is not blocked by it).
    ///
    /// - Returns: the copy's path.
    /// - Throws: ``BackupError/beforeMigration(_:_:)`` when the copy cannot be made: nothing is migrated then.
    static func take(of database: Database, version: Int, at date: Date) throws -> String {
        var path = Self.path(forDatabase: database.path, version: version, at: date)
        var attempt = 1
        while FileManager.default.fileExists(atPath: path) {
            attempt += 1
            path = Self.path(forDatabase: database.path, version: version, at: date)
                .replacingOccurrences(of: ".sqlite", with: "-\(attempt).sqlite", options: .backwards)
        }
        do {
            try DatabaseBackup.copy(
                from: try Database(path: database.path, mode: .readOnly, busyTimeout: database.busyTimeout), to: path)
        } catch {
            throw BackupError.beforeMigration(database.path, "\(error)")
        }
        return path
    }

    /// The default announcement: one line on stderr.
    public static let announceOnStandardError: @Sendable (String) -> Void = { sentence in
        FileHandle.standardError.write(Data("bulletin: \(sentence)\n".utf8))
    }
}

/// Backup file names: `bulletin-YYYYMMDD-HHMMSS.sqlite`, in UTC.
public enum BackupName {
    /// The prefix of the backups `store backup` writes into a folder.
    public static let prefix = "bulletin-"

    /// `20261204-101500` for a moment, in UTC.
    public static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    /// The name of a backup taken at `date` in a backup folder.
    public static func file(at date: Date) -> String { "\(prefix)\(stamp(date)).sqlite" }

    /// Whether `name` is one of those names (the files `--keep` rotates; nothing else in the folder is touched).
    public static func isBackup(_ name: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(".sqlite") else { return false }
        let stamp = name.dropFirst(prefix.count).dropLast(".sqlite".count)
        let digits = stamp.filter(\.isNumber)
        return stamp.count == 15 && digits.count == 14 && stamp[stamp.index(stamp.startIndex, offsetBy: 8)] == "-"
    }
}
