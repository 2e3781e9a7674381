import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin store backup FILE [--keep N]`.
struct BackupStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, check it, and print what it holds.",
        discussion: """
            Copies the database with SQLite's online backup API, as it stood at one moment, while other commands \
            (`serve`, `send`) keep running. The copy is one self-contained file with mode 0600 (it holds personal \
            data); it gets its name only once it is complete and has passed PRAGMA integrity_check. Then the \
            command prints its size and what it holds.

            FILE is a new file (an existing file is never replaced, exit 73), or a folder: then the copy is \
            named bulletin-YYYYMMDD-HHMMSS.sqlite (UTC) in it, and --keep N removes all but the newest N such \
            files in that folder (other files there are left alone).

            Examples:
              bulletin store backup /var/backups/bulletin/before-import.sqlite
              bulletin store backup /var/backups/bulletin --keep 14     # daily, from cron or a timer
            """
    )

    @Argument(help: ArgumentHelp("A new file, or a folder for a dated file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("With a folder: keep only the newest N backups there.", valueName: "n"))
    var keep: Int?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1.") }
    }

    func run() async throws {
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let now = try global.now()
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
        let folder = exists && isFolder.boolValue
        if keep != nil, !folder {
            throw ValidationError("--keep needs FILE to be an existing folder; '\(file)' is not one.")
        }
        let destination =
            folder ? URL(fileURLWithPath: file).appendingPathComponent(BackupName.file(at: now)).path : file
        let summary = try DatabaseBackup.copy(
            databaseAt: configuration.store.path.path, to: destination,
            busyTimeout: configuration.store.busyTimeoutSeconds)
        let out = Terminal.standardOutput
        out.line("Backed up \(configuration.store.path.path)")
        out.line("to        \(destination) (mode 0600)")
        out.line(
            "Size      \(DatabaseSummary.size(summary.bytes)); integrity check ok; schema version \(summary.schemaVersion)"
        )
        out.line("Holds     \(summary.line)")
        if let keep {
            let removed = try BackupRotation.prune(folder: file, keep: keep)
            if !removed.isEmpty {
                out.line(
                    "Removed   \(removed.count) older backup\(removed.count == 1 ? "" : "s") (keeping \(keep)): "
                        + removed.joined(separator: ", "))
            }
        }
    }
}
