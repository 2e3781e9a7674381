import ArgumentParser
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
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let address: EmailAddress
        var source = "cli"
        var why = reason
        if let token {
            let links = try LinkSecret.signer(at: configuration.links.secretFile)
            let (subscriber, contents) = try store.subscriber(forToken: token, purpose: .unsubscribe, links: links)
            address = try parseAddress(subscriber.email)
            source = "link"
            if why.isEmpty {
                why = "unsubscribe link" + (contents.issue.isEmpty ? "" : " in issue \(contents.issue)")
            }
        } else {
            address = try parseAddress(email ?? "")
        }
        let now = try global.now()
        let change = try RemovedAddressError.explaining(address, in: store, for: .unsubscribe) {
            try store.changeStatus(email: address, to: .unsubscribed, source: source, reason: why, at: now)
        }
        switch change {
        case .unchanged: Terminal.standardOutput.line("\(address) was already unsubscribed.")
        case .changed(let from): Terminal.standardOutput.line("Unsubscribed \(address) (was \(from.rawValue)).")
        }
    }
}

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
        _ = global.makeLogger()
        let address = try parseAddress(email)
        let store = try global.openStore(try global.loadConfiguration())
        let now = try global.now()
        let change = try RemovedAddressError.explaining(address, in: store, for: .activate) {
            try store.changeStatus(email: address, to: .active, source: "cli", reason: reason, at: now, force: force)
        }
        switch change {
        case .unchanged: Terminal.standardOutput.line("\(address) was already active.")
        case .changed(let from): Terminal.standardOutput.line("Activated \(address) (was \(from.rawValue)).")
        }
    }
}

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
        let store = try global.openStore(try global.loadConfiguration())
        guard let subscriber = try store.subscriber(email: address) else {
            try RemovedAddressError.throwIfRemoved(address, in: store, for: .remove)
            throw SubscriberStoreError.notFound(address.value)
        }
        if !yes, !Terminal.confirm("Erase \(subscriber.email) and their history? This cannot be undone.") {
            Terminal.standardOutput.line("Nothing was removed.")
            return
        }
        let removed = try store.remove(email: address, source: "cli", at: try global.now())
        if !removed.logEmptied {
            logger.warning(
                """
                the database's write-ahead log could not be emptied now (another process is reading); it is \
                emptied at the next checkpoint.
                """)
        }
        let journal = SendJournal.path(forDatabase: store.database.path)
        if !(try SendJournal.erase(subscriberID: removed.id, databasePath: store.database.path)) {
            logger.warning(
                "a send is running; its journal \(journal) still names the subscriber until the send ends and deletes it."
            )
        }
        Terminal.standardOutput.line("Removed \(subscriber.email); only a hash of the address is kept.")
    }
}

/// `bulletin subscribers stats`.
struct SubscriberStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how many subscribers there are, by status, and how the list changed lately."
    )

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let store = try global.openStore(try global.loadConfiguration())
        let stats = try store.stats(at: try global.now())
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(stats))
            return
        }
        var rows: [[String]] = [["Subscribers", stats.total.grouped]]
        for status in SubscriberStatus.allCases {
            rows.append(["  \(status.rawValue)", (stats.byStatus[status.rawValue] ?? 0).grouped])
        }
        rows += [
            ["Added in the last 7 days", stats.addedLast7Days.grouped],
            ["Added in the last 30 days", stats.addedLast30Days.grouped],
            ["Unsubscribed in the last 30 days", stats.unsubscribedLast30Days.grouped],
            ["Removed (erased) addresses", stats.removed.grouped],
        ]
        let width = rows.map { $0[0].count }.max() ?? 0
        let numberWidth = rows.map { $0[1].count }.max() ?? 0
        for row in rows {
            out.line(
                row[0].padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + String(repeating: " ", count: numberWidth - row[1].count) + row[1])
        }
        if !stats.topTopics.isEmpty {
            out.line()
            out.line("Top topics (active subscribers)")
            var table = TextTable(["TOPIC", "SUBSCRIBERS"])
            for topic in stats.topTopics { table.append([topic.topic, topic.subscribers.grouped]) }
            for line in table.render().dropFirst() { out.line("  " + line) }
        }
    }
}
