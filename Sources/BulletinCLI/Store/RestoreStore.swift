import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin store restore FILE`.
struct RestoreStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in the place of the database, keeping the database as it was.",
        discussion: """
            Checks FILE (a SQLite database that passes PRAGMA integrity_check, with Bulletin's tables, of a \
            schema this Bulletin knows), then replaces the database's contents with it. The database as it was \
            is kept beside it as <database>.YYYYMMDD-HHMMSS.before-restore.

            Refuses while a `send` holds the send lock (exit 75), and while another process has the database \
            open (exit 75): stop `bulletin serve` (systemctl stop bulletin-serve) first and start it again after. \
            A backup from an older Bulletin is upgraded to this one's schema afterwards.

            Example:
              bulletin store restore /var/backups/bulletin/bulletin-20261201-030000.sqlite
            """
    )

    @Argument(help: ArgumentHelp("The backup to restore.", valueName: "file"))
    var file: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        // A missing or unreadable file is exit 66, as for every input.
        _ = try InputFile(path: file)
        let report = try DatabaseRestore.restore(
            backupAt: file, to: configuration.store.path.path,
            busyTimeout: configuration.store.busyTimeoutSeconds, at: try global.now())
        let out = Terminal.standardOutput
        out.line("Restored  \(file)")
        out.line("into      \(configuration.store.path.path)")
        if let kept = report.keptAs { out.line("Kept      the database as it was in \(kept)") }
        out.line("Holds     \(report.restored.line); schema version \(report.restored.schemaVersion)")
    }
}
