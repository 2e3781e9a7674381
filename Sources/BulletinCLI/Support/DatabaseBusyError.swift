import BulletinCore
import BulletinStore
import Foundation

/// Another bulletin command held the database's write lock for longer than `[store] busy_timeout`: what a
/// person sees instead of SQLite's wording (the ``SQLiteError`` itself keeps the SQL and result code).
struct DatabaseBusyError: BulletinError {
    /// The configured busy timeout in seconds, when the configuration could be read again.
    let busyTimeout: Int?

    var exitStatus: ExitStatus { .temporaryFailure }

    var description: String {
        "the database is busy with another bulletin command (an import or a send); try again when it has finished, "
            + "or raise [store] busy_timeout" + (busyTimeout.map { " (now \($0) s)" } ?? "") + "."
    }

    /// The error for a busy database, with the timeout read from the configuration the command line names
    /// (`--config`, else `$BULLETIN_CONFIG`, else ./bulletin.toml).
    ///
    /// - Parameter arguments: the command line without the program name.
    init(arguments: [String]) {
        let configPath = ConfigurationLoader.locate(
            explicitPath: Self.configOption(in: arguments), environment: ProcessInfo.processInfo.environment)
        busyTimeout = try? ConfigurationLoader.load(path: configPath).store.busyTimeoutSeconds
    }

    /// The value of the last `--config` option (`--config FILE` or `--config=FILE`), if any.
    static func configOption(in arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--config", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--config=") {
                found = String(argument.dropFirst("--config=".count))
            }
            index += 1
        }
        return found
    }
}
