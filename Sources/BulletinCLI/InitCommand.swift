import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin init`: a new newsletter folder.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a configuration file, a subscriber database and a link-signing secret.",
        discussion: """
            Writes DIR/bulletin.toml, with every key, its default and what it does; creates the database \
            (DIR/Subscribers/bulletin.sqlite unless the configuration says otherwise) and a random secret for \
            signing unsubscribe links in DIR/bulletin.secret, readable by its owner only (mode 0600). The stock \
            digest templates are copied into DIR/Templates for editing (see Templates/README.md there).

            An existing bulletin.toml is never overwritten, and an existing secret is kept. When bulletin.toml \
            exists but the database it names does not (a configuration copied to a new server), init creates \
            that database, and the secret if it is missing too, and leaves bulletin.toml as it is; when both \
            exist, init refuses (exit 73). Edit the configuration afterwards: at least [newsletter] name, from \
            and site_url.
            """
    )

    @Option(name: [.short, .long], help: ArgumentHelp("The folder to set up (created if missing).", valueName: "dir"))
    var directory: String = "."

    /// The placeholders written when no value is given, which the user is then told to edit.
    static let placeholderName = "Example Weekly"
    static let placeholderFrom = "Example Weekly <newsletter@example.org>"
    static let placeholderSiteURL = "https://example.org"

    @Option(help: "The newsletter's name.")
    var name: String = InitCommand.placeholderName

    @Option(help: ArgumentHelp("The sender: \"Name <address>\" or an address.", valueName: "mailbox"))
    var from: String = InitCommand.placeholderFrom

    @Option(name: .customLong("reply-to"), help: ArgumentHelp("Where replies go (optional).", valueName: "mailbox"))
    var replyTo: String = ""

    @Option(name: .customLong("site-url"), help: ArgumentHelp("The site the newsletter is about.", valueName: "url"))
    var siteURL: String = InitCommand.placeholderSiteURL

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        do {
            _ = try Mailbox(parsing: from)
            if !replyTo.isEmpty { _ = try Mailbox(parsing: replyTo) }
        } catch let error as EmailAddressError {
            throw ValidationError("\(error)")
        }
        guard let url = URL(string: siteURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else { throw ValidationError("--site-url '\(siteURL)' is not a web address like https://example.org.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let fileManager = FileManager.default
        let folder = URL(fileURLWithPath: directory).standardizedFileURL
        let configURL = folder.appendingPathComponent(Configuration.defaultFileName)
        if fileManager.fileExists(atPath: configURL.path) {
            try completeExistingFolder(configuration: configURL, logger: logger)
            return
        }
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InitError.cannotCreate(folder.path, "\(error.localizedDescription)")
        }
        let text = ConfigurationTemplate.render(
            .init(name: name, from: from, replyTo: replyTo, siteURL: siteURL))
        // Check what we are about to write with the same loader every command uses.
        let configuration = try ConfigurationLoader.parse(text, file: configURL, displayName: configURL.path)

        _ = try createSecretAndDatabase(configuration, logger: logger)
        try writeExclusively(text, to: configURL)
        let templates = folder.appendingPathComponent("Templates")
        let copied = try copyStockTemplates(to: templates)

        let out = Terminal.standardOutput
        out.line("Created \(configURL.path)")
        out.line("Database \(configuration.store.path.path)")
        out.line("Secret   \(configuration.links.secretFile.path) (mode 0600; keep it private)")
        out.line("Templates \(templates.path) (\(copied) copied; existing files kept)")
        out.line("")
        // Only what was not given on the command line still has the template's placeholder.
        let placeholders = [
            ("name", name == Self.placeholderName), ("from", from == Self.placeholderFrom),
            ("site_url", siteURL == Self.placeholderSiteURL),
        ].filter(\.1).map(\.0)
        if placeholders.isEmpty {
            out.line("Next: add subscribers:")
        } else {
            out.line(
                "Next: edit bulletin.toml ([newsletter] \(placeholders.joined(separator: ", "))), then add subscribers:"
            )
        }
        let configFlag = directory == "." ? "" : " --config \(configURL.path)"
        out.line("  bulletin subscribers import members.csv\(configFlag)")
    }

    private func writeExclusively(_ text: String, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw InitError.configurationExists(url.path) }
            throw InitError.cannotCreate(url.path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            unlink(url.path)
            throw InitError.cannotCreate(url.path, String(cString: strerror(errno)))
        }
    }
}

/// `bulletin init` cannot set up the folder.
enum InitError: BulletinError {
    case configurationExists(String)
    case cannotCreate(String, String)

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        switch self {
        case .configurationExists(let path):
            return "\(path) already exists and is left as it is; edit it, or choose another folder with --directory."
        case .cannotCreate(let path, let reason):
            return "cannot create \(path): \(reason); check that its folder is writable."
        }
    }
}
