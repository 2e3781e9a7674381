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

            With --systemd it prints, instead, the systemd units filled in for this configuration: \
            bulletin-serve.service (`bulletin serve`), and bulletin-send.timer with bulletin-send.service, which \
            run `send --if-due --quiet` every 15 minutes as the crontab line does. They run as a dedicated user \
            (--user, default bulletin) in a sandbox that can write only to the configuration's folder (and the \
            database's). --output DIR writes them as files there instead (never replacing one):
              sudo bulletin schedule --systemd --output /etc/systemd/system
              sudo systemctl daemon-reload
              sudo systemctl enable --now bulletin-serve.service bulletin-send.timer
            """
    )

    @Flag(help: "Print the systemd units (serve, and a timer for send) instead of the crontab line.")
    var systemd = false

    @Option(help: ArgumentHelp("With --systemd: the user the services run as (default bulletin).", valueName: "name"))
    var user = "bulletin"

    @Option(help: ArgumentHelp("With --systemd: write the unit files into this folder.", valueName: "dir"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !systemd, output != nil { throw ValidationError("--output needs --systemd.") }
        if user.isEmpty || user.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("--user '\(user)' is not a user name.")
        }
    }

    func run() async throws {
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        if systemd {
            try printUnits(configuration)
            return
        }
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

    private func printUnits(_ configuration: Configuration) throws {
        let folder = configuration.file.deletingLastPathComponent().standardizedFileURL.path
        let databaseFolder = configuration.store.path.deletingLastPathComponent().standardizedFileURL.path
        let units = SystemdUnits(
            newsletter: configuration.newsletter.name, binary: Self.executablePath(),
            configuration: configuration.file.standardizedFileURL.path, siteFolder: folder,
            otherWritableFolders: databaseFolder == folder || databaseFolder.hasPrefix(folder + "/")
                ? [] : [databaseFolder],
            user: user, passwordVariable: configuration.smtp.passwordEnvironmentVariable)
        let out = Terminal.standardOutput
        guard let output else {
            for (index, file) in units.files.enumerated() {
                if index > 0 { out.line() }
                out.line("# ---- /etc/systemd/system/\(file.name)")
                out.write(file.text)
            }
            return
        }
        for file in units.files {
            let url = URL(fileURLWithPath: output).appendingPathComponent(file.name)
            do {
                // Units are not secret: 0644, as systemd's own are.
                try PrivateFile.create(url.path, holding: Array(file.text.utf8), mode: 0o644)
            } catch PrivateFileError.exists {
                throw ScheduleError.unitExists(url.path)
            }
            out.line("Wrote \(url.path)")
        }
        out.line("Next: systemctl daemon-reload && systemctl enable --now bulletin-serve.service bulletin-send.timer")
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

/// `schedule --systemd --output` would replace a unit file.
enum ScheduleError: BulletinError {
    /// The unit file exists.
    case unitExists(String)

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        switch self {
        case .unitExists(let path):
            "\(path) exists and is never replaced; compare it with `bulletin schedule --systemd`, or remove it first."
        }
    }
}
