import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers activate`.
struct ActivateSubscriber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Confirm a pending subscriber, or bring back one who left (with --force).",
        discussion: """
            A pending subscriber becomes active. Someone who unsubscribed, bounced or complained is made active \
            again only with --force, and only when they have asked for it: mailing people who said no harms \
            the newsletter's reputation with mailbox providers.
            """
    )

    @Argument(help: "The address (any case).")
    var email: String

    @Flag(help: "Reactivate an unsubscribed, bounced or complained subscriber.")
    var force = false

    @Option(help: ArgumentHelp("Why, for the history.", valueName: "text"))
    var reason: String = ""

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let address = try parseAddress(email)
        let changes = try SubscriberChanges(environment: try global.environment(logger: logger))
        let change = try changes.activate(address, reason: reason, force: force)
        switch change {
        case .unchanged: Terminal.standardOutput.line("\(address) was already active.")
        case .changed(let from): Terminal.standardOutput.line("Activated \(address) (was \(from.rawValue)).")
        }
    }
}
