import ArgumentParser
import BulletinCore

/// `bulletin subscribers`: the list, from the command line.
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Add, import, export, list, confirm, unsubscribe and remove subscribers.",
        discussion: """
            A subscriber has an address (unique regardless of case), a name, a status, topics and free-form \
            attributes. The statuses are: pending (signed up, not confirmed), active (gets every issue), \
            unsubscribed, bounced and complained. Every change of status is kept in the subscriber's history, \
            shown by `show`.

            Addresses are checked when they come in: one @, a dot-atom before it, a domain of at least two \
            labels. A domain written in Unicode (bücher.de) is stored in its ASCII form (xn--bcher-kva.de).
            """,
        subcommands: [
            AddSubscriber.self, ImportSubscribers.self, ExportSubscribers.self, ListSubscribers.self,
            ShowSubscriber.self, UnsubscribeSubscriber.self, ActivateSubscriber.self, RemoveSubscriber.self,
            SubscriberStatsCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}

extension EmailAddress: ExpressibleByArgument {
    /// Reads an address argument; a bad one is a usage error that says why.
    public init?(argument: String) {
        try? self.init(argument)
    }
}

extension SubscriberStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// Parses an address argument; a bad one is a one-line data error (exit 65) that says why.
func parseAddress(_ text: String) throws -> EmailAddress {
    try EmailAddress(text)
}
