import BulletinApp
import Foundation

extension SendCommand {
    /// The signal's grace period is over and messages are still in flight: settles the ledger from the journal
    /// on a connection of its own (``SendRecovery/abandon(week:environment:)``), says so in one line, and exits 75.
    static func abandon(week name: String, signal: String, environment: AppEnvironment) -> Never {
        var abandoned = SendRecovery.Abandoned(queued: 0, unknown: 0)
        do {
            abandoned = try SendRecovery.abandon(week: name, environment: environment)
        } catch {
            // The next send recovers from the journal what could not be settled now.
            Terminal.printError(
                "bulletin: warning: the ledger could not be settled now (\(error)); the next send does it")
        }
        let stop = SendStop.interrupted(
            signal: signal, week: name, queued: abandoned.queued, unknown: abandoned.unknown)
        Terminal.printError("bulletin: error: \(stop.sentence)")
        Foundation.exit(stop.exitStatus.rawValue)
    }
}
