import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers remove`.
struct RemoveSubscriber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Erase a subscriber and their history.",
        discussion: """
            For a person who asks to have their data deleted. Everything about them is erased: their row and \
            history are overwritten on disk, the database's write-ahead log is emptied, and their lines in the \
            send journal are dropped. Only a one-way hash of the address is kept (an HMAC-SHA256 keyed with the \
            link secret), so that a later import does not silently add them back (it reports the row as \
            skipped). Links mailed to them lead to a harmless page for ever, even once their id is given to \
            someone else. To stop mailing someone, `unsubscribe` is usually what you want.

            Asks for confirmation on a terminal; --yes skips the question and is required when not on one.
            """
    )

    @Argument(help: "The address (any case).")
    var email: String

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !yes && !Terminal.inputIsTerminal {
            throw ValidationError("remove erases data for good; pass --yes to confirm when not on a terminal.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let address = try parseAddress(email)
        let changes = try SubscriberChanges(environment: try global.environment(logger: logger))
        let subscriber = try changes.subscriberToRemove(address)
        if !yes, !Terminal.confirm("Erase \(subscriber.email) and their history? This cannot be undone.") {
            Terminal.standardOutput.line("Nothing was removed.")
            return
        }
        let removed = try changes.remove(address)
        if !removed.logEmptied {
            logger.warning(
                """
                the database's write-ahead log could not be emptied now (another process is reading); it is \
                emptied at the next checkpoint.
                """)
        }
        if !removed.journalErased {
            let path = removed.journal
            logger.warning(
                "a send is running; its journal \(path) still names the subscriber until the send ends and deletes it.")
        }
        Terminal.standardOutput.line("Removed \(subscriber.email); only a hash of the address is kept.")
    }
}
