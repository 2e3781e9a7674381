import ArgumentParser

/// `bulletin store`: backups of the database, and restoring one.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Back up the database, or restore a backup.",
        discussion: """
            The database holds the subscriber list, the articles, the page views and the delivery ledger: back it \
            up every day. `store backup` makes a consistent copy while `serve` and `send` go on writing; \
            `store restore` puts a backup back, keeping the database as it was beside it.
            """,
        subcommands: [BackupStore.self, RestoreStore.self]
    )
}
