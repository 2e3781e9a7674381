import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Logging

/// The options every command takes: where the configuration is, and how much to log.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The configuration file (default: $BULLETIN_CONFIG, else ./bulletin.toml).", valueName: "file"))
    var config: String?

    @Flag(name: [.short, .long], help: "Print only errors and warnings on stderr (for cron).")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print debugging detail on stderr.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together.") }
    }

    /// Sets up logging to stderr at the level the flags ask for; returns the logger for the command.
    func makeLogger(label: String = "bulletin") -> Logger {
        // Warnings stay under --quiet: cron mails them, and some (an unfinished issue, messages whose delivery is
        // unknown) need a person.
        let level: Logger.Level = quiet ? .warning : (verbose ? .debug : .info)
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// The configuration file's path, as found.
    var configPath: String {
        ConfigurationLoader.locate(explicitPath: config, environment: ProcessInfo.processInfo.environment)
    }

    /// Reads and checks the configuration.
    func loadConfiguration() throws -> Configuration {
        try ConfigurationLoader.load(path: configPath)
    }

    /// The environment the use cases run in, built from the configuration.
    ///
    /// - Throws: ``ConfigurationError``; ``ClockError`` for a `BULLETIN_NOW` that is not a date.
    func environment(logger: Logger? = nil) throws -> AppEnvironment {
        try AppEnvironment.load(configurationPath: configPath, logger: logger ?? makeLogger())
    }

    /// The current time (`BULLETIN_NOW` or the clock).
    func now() throws -> Date { try Clock.now() }
}
