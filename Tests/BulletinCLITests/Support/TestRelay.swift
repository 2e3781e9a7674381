import BulletinTestSupport
import Foundation

/// The aiosmtpd test server (BulletinTestSupport) as the relay `bulletin send` delivers to.
final class TestRelay {
    private let server: AiosmtpdServer

    /// Starts the server with extra flags (`--defer-once`, `--keep-bodies`, `--reply-delay MS`).
    init(_ flags: [String] = []) throws {
        server = try AiosmtpdServer(flags)
    }

    /// The port it listens on.
    var port: Int { server.port }

    /// The `[smtp]` lines that send to this relay.
    var smtpSettings: String { "url = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"" }

    /// What the server received so far.
    func stats() throws -> AiosmtpdServer.Stats { try server.stats() }

    /// Changes an option of the running server (`refuse_sender`, `refuse_rcpt_every`, …).
    func set(_ option: String, _ value: String) throws { try server.set(option, value) }

    /// The certificate the server presents with `--tls`.
    var certificate: URL { server.certificate }
}

extension Site {
    /// Puts `lines` right under the `[section]` header of bulletin.toml (adding the section when missing).
    func configure(_ section: String, _ lines: String) throws {
        try Site.configure(folder: folder, section, lines)
    }

    /// The site's database.
    var databasePath: String { folder.appendingPathComponent("Subscribers/bulletin.sqlite").path }
}
