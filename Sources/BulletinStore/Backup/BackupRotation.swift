import Foundation

/// Keeps the newest backups in a folder and removes the older ones: only files named like
/// `bulletin-YYYYMMDD-HHMMSS.sqlite` (``BackupName``), never anything else in the folder.
public enum BackupRotation {
    /// The backups in `folder`, oldest first (their names sort by time).
    public static func backups(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter(BackupName.isBackup).sorted()
    }

    /// Removes all but the newest `keep` backups in `folder`.
    ///
    /// - Returns: the names removed, oldest first.
    public static func prune(folder: String, keep: Int) throws -> [String] {
        let names = try backups(in: folder)
        let doomed = Array(names.dropLast(max(keep, 0)))
        for name in doomed {
            try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        return doomed
    }
}
