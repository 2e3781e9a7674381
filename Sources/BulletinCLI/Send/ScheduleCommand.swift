import ArgumentParser
import BulletinCore
import Foundation

/// `bulletin schedule`: the crontab line that sends each issue at the `[schedule]` moment.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the crontab line that sends each week's issue on [schedule].",
        discussion: """
            The line runs `bulletin send --if-due --quiet` every 15 minutes. That command sends the issue of the \
            week before once [schedule] day and time have passed in [schedule] timezone, resumes it until every \
            message is delivered (deferred ones are retried with growing waits), and otherwise exits 0 without \
            a word; cron mails what it prints, so you hear only of problems.

            Install it, keeping what your crontab holds already:
              (crontab -l 2>/dev/null; bulletin schedule) | crontab -
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let schedule = configuration.schedule
        let now = try global.now()
        let due = schedule.due(at: now)
        let nextIssue = IssueWeek.lastComplete(before: due.next, timeZone: configuration.digest.timeZone)
        let binary = Self.executablePath()
        let config = configuration.file.path
        let folder = configuration.file.deletingLastPathComponent().path
        let out = Terminal.standardOutput
        out.line("# Bulletin: \(configuration.newsletter.name), every \(schedule.summary).")
        out.line("# Next: issue \(nextIssue) at \(Timestamp.format(due.next)).")
        if let variable = configuration.smtp.passwordEnvironmentVariable {
            out.line("# [smtp] password_env = \(variable): cron does not see your shell's environment; set it at the")
            out.line("# top of the crontab, or use password_file instead.")
        }
        out.line(
            SendSchedule.crontabLine(
                command: "cd \(Self.quoted(folder)) && \(Self.quoted(binary)) send --if-due --quiet --config "
                    + Self.quoted(config)))
    }

    /// This program's absolute path.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// A word for sh, quoted when it needs to be.
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "/._-+:@%".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
