import ArgumentParser

/// `bulletin smtp`: the mail relay.
struct SMTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp",
        abstract: "Check the SMTP relay Bulletin delivers through.",
        discussion: """
            Bulletin hands every message to the relay set in the [smtp] section of the configuration: the \
            site's own Postfix, or a provider's submission endpoint. See `bulletin smtp check`.
            """,
        subcommands: [CheckSMTP.self]
    )
}
