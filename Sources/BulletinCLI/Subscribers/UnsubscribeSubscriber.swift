import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers unsubscribe`.
struct UnsubscribeSubscriber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe",
        abstract: "Unsubscribe someone; they get no more issues.",
        discussion: """
            The change and the reason are kept in the subscriber's history. Unsubscribing someone who is \
            already unsubscribed changes nothing. An unknown address is an error (exit 65).

            With --token, the subscriber is the one an unsubscribe link names: pass the token= value of the \
            link, so that a site's own back-end can honour links. The token is checked against the link \
            secret; one that was altered, or made for another purpose (preferences, confirm), is refused \
            (exit 65) and nothing changes.

            EXAMPLES
              bulletin subscribers unsubscribe ada@example.org --reason "asked by mail"
              bulletin subscribers unsubscribe --token AXUAAAAAAAAAATIwMjYtNDjWMU6W…
            """
    )

    @Argument(help: "The address (any case); omit it with --token.")
    var email: String?

    @Option(help: ArgumentHelp("The token of an unsubscribe link, instead of an address.", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Why, for the history.", valueName: "text"))
    var reason: String = ""

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        switch (email, token) {
        case (nil, nil): throw ValidationError("Give the subscriber's address, or --token TOKEN.")
        case (.some, .some): throw ValidationError("Give either an address or --token, not both.")
        default: break
        }
    }

    func run() async throws {
        let environment = try global.environment()
        let changes = try SubscriberChanges(environment: environment)
        let address: EmailAddress
        let change: SQLiteSubscriberStore.StatusChange
        if let token {
            let links = try environment.linkSigner()
            (address, change) = try changes.unsubscribe(token: token, links: links, reason: reason)
        } else {
            address = try parseAddress(email ?? "")
            change = try changes.unsubscribe(address, reason: reason)
        }
        switch change {
        case .unchanged: Terminal.standardOutput.line("\(address) was already unsubscribed.")
        case .changed(let from): Terminal.standardOutput.line("Unsubscribed \(address) (was \(from.rawValue)).")
        }
    }
}
