import ArgumentParser
import BulletinCore
import BulletinNet
import BulletinStore

/// `bulletin`: the root command.
struct BulletinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "Build and send a weekly digest of a site's most popular articles.",
        discussion: """
            Bulletin keeps the subscriber list in one SQLite database, picks the week's most read articles from \
            the site's feed and page views, renders them with Mustache templates and mails each subscriber a \
            personal copy over SMTP.

            Every command reads its settings from the configuration file given by --config, else by the \
            BULLETIN_CONFIG environment variable, else from ./bulletin.toml. Start with `bulletin init`.

            EXIT STATUS
              0   success
              1   `bulletin doctor` found a problem
              64  the command line is wrong
              65  the input data is wrong (a bad address, a malformed row, an unknown subscriber)
              66  an input file is not there or cannot be opened
              69  a service (the mail relay, a feed's server) is unavailable
              70  an internal error
              73  a file cannot be created
              74  a file cannot be read or written
              75  a temporary failure (the database is busy, another send is running, messages were deferred);
                  try again later
              78  the configuration is missing or invalid
            """,
        version: versionText,
        subcommands: [
            InitCommand.self, SubscribersCommand.self, ArticlesCommand.self, ViewsCommand.self, DigestCommand.self,
            PreviewCommand.self, CheckCommand.self, RefreshCommand.self, SendCommand.self, StatusCommand.self,
            ReportCommand.self, ScheduleCommand.self,
            ServeCommand.self,
            SubscriberLinksCommand.self, DKIMCommand.self, SMTPCommand.self, StoreCommand.self, DoctorCommand.self,
            InboundCommand.self,
        ]
    )

    // Declared here too so that `bulletin --quiet subscribers list` parses: every command shares these options.
    @OptionGroup var global: GlobalOptions

    static var versionText: String {
        "bulletin \(BulletinVersion.current) (libcurl \(CurlRuntime.version)"
            + (CurlRuntime.tlsVersion.map { ", \($0)" } ?? "") + ", SQLite \(SQLiteRuntime.version))"
    }
}
