import ArgumentParser
import BulletinCore
import Foundation

/// Runs the `bulletin` command line: parses it, runs the command, and turns errors into one line on stderr and
/// the documented exit code.
public enum BulletinMain {
    /// Runs the command given on the process's command line and exits.
    public static func run() async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let line = UsageErrorLine.unknownHelpTopic(arguments: arguments) {
            Terminal.printError(line)
            exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try BulletinCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Terminal.standardOutput.flush()
            exit(ExitStatus.success.rawValue)
        } catch let error as BulletinError {
            Terminal.standardOutput.flush()
            Terminal.printError("bulletin: error: \(error.sentence)")
            exit(error.exitStatus.rawValue)
        } catch let exit as ExitCode {
            Terminal.standardOutput.flush()
            Foundation.exit(exit.rawValue)
        } catch {
            Terminal.standardOutput.flush()
            let code = BulletinCommand.exitCode(for: error)
            if code == .validationFailure {
                // ArgumentParser's own block (error, usage, hint) would break the promise of one line per error.
                Terminal.printError(UsageErrorLine.line(for: error, arguments: arguments))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            if code == .failure {
                // Not one of Bulletin's errors nor a command-line error: a bug, or a system failure we did not
                // anticipate. Say what it was rather than hide it.
                Terminal.printError("bulletin: error: \(error.localizedDescription)")
                Foundation.exit(ExitStatus.software.rawValue)
            }
            BulletinCommand.exit(withError: error)
        }
    }
}
