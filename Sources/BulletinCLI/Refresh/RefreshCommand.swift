import ArgumentParser
import BulletinApp
import BulletinCore
import Foundation

/// `bulletin refresh`: imports what is new in the feeds, logs and analytics exports of `[sources]`.
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Import what is new in the feeds, logs and analytics exports of [sources].",
        discussion: """
            Feeds are fetched with the ETag and Last-Modified of the last fetch: a server that answers \
            304 Not Modified imports nothing. A log is read from where the last refresh stopped, so a log \
            that grew, or was renamed by rotation (access.log to access.log.1), counts each line once; a log \
            shorter than what was read, or whose first bytes changed, is read again from the start; a .gz log \
            is read once. An analytics export is imported again when the file changed.

            A source that fails or is empty is a warning on standard error (kept under --quiet); the others \
            are imported and the exit status is 0. When every feed fails the exit status is 69.

            Examples:
              bulletin refresh
              bulletin refresh --quiet --json
            """
    )

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let report = try Self.refresh(environment: environment)
        let out = Terminal.standardOutput
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            out.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if !global.quiet {
            for entry in report.entries { out.line(entry.summary) }
            out.line(report.summary)
        }
        out.flush()
        if report.everyFeedFailed {
            throw RefreshSourcesError.everyFeedFailed(count: report.entries.filter { $0.kind == .feed }.count)
        }
    }

    /// Refreshes the environment's `[sources]`, printing one warning line per failed source on stderr.
    ///
    /// - Throws: ``RefreshSourcesError/noSources(file:)`` when nothing is listed; database errors.
    static func refresh(environment: AppEnvironment) throws -> RefreshSources.Report {
        guard let sources = environment.configuration.sources, !sources.isEmpty else {
            throw RefreshSourcesError.noSources(file: environment.configurationPath)
        }
        let report = try RefreshSources(environment: environment).run()
        for warning in report.warnings { Terminal.printError("warning: \(warning)") }
        return report
    }
}
