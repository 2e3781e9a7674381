import BulletinCore
import BulletinTestSupport
import Foundation
import Synchronization

/// The aiosmtpd test server (BulletinTestSupport) with the TLS and AUTH a transport test asks for.
final class SMTPTestServer {
    /// The TLS the server offers.
    enum TLS: String {
        case none, starttls, implicit
    }

    private let server: AiosmtpdServer

    /// Starts a server and waits until it accepts connections; `latencyMilliseconds` delays its answers to MAIL
    /// FROM, RCPT TO and the end of the data, like a distant relay; `extra` passes more of the script's options.
    init(
        tls: TLS = .none, auth: Bool = false, stall: Bool = false, latencyMilliseconds: Int? = nil,
        extra: [String] = []
    ) throws {
        server = try AiosmtpdServer(
            ["--tls", tls.rawValue] + (auth ? ["--auth"] : []) + (stall ? ["--stall"] : [])
                + (latencyMilliseconds.map { ["--latency", String($0)] } ?? []) + extra)
    }

    /// The port it listens on.
    var port: Int { server.port }

    /// The certificate the server presents (self-signed, for 127.0.0.1 and localhost).
    var certificate: URL { server.certificate }

    /// Asks the server what it counted.
    func stats() throws -> AiosmtpdServer.Stats { try server.stats() }

    /// A local port nothing listens on.
    static func closedPort() throws -> Int {
        let server = try SMTPTestServer()
        return server.port  // released (and stopped) on return
    }
}

/// `[smtp]` settings read the way Bulletin reads them, from TOML lines.
func smtpSettings(_ lines: String, file: String = "test.toml") throws -> Configuration.SMTP {
    let text = """
        [newsletter]
        name = "Test"
        from = "news@example.org"
        site_url = "https://example.org"

        [smtp]
        \(lines)
        """
    return try ConfigurationLoader.parse(
        text, file: FileManager.default.temporaryDirectory.appendingPathComponent(file), displayName: file
    ).smtp
}

/// The tests' names of messages, as delivery ids: each name is given a number of its own for the process.
enum TestMessageNames {
    private static let names = Mutex<[String]>([])

    /// The id of the message named `name`.
    static func id(_ name: String) -> DeliveryID {
        names.withLock { names in
            if let index = names.firstIndex(of: name) { return DeliveryID(Int64(index)) }
            names.append(name)
            return DeliveryID(Int64(names.count - 1))
        }
    }

    /// The name of the message with `id`.
    static func name(_ id: DeliveryID) -> String {
        names.withLock { names in
            names.indices.contains(Int(id.rawValue)) ? names[Int(id.rawValue)] : "#\(id)"
        }
    }
}

/// A message of about `size` bytes with CRLF line endings, one line starting with a dot.
func testMessage(id: String, to recipient: String, size: Int = 2_000) throws -> MailSubmission {
    var text = "From: news@example.org\r\nTo: \(recipient)\r\nSubject: Test \(id)\r\n\r\n.leading dot\r\n"
    while text.utf8.count < size { text += "The quick brown fox jumps over the lazy dog, line \(text.utf8.count).\r\n" }
    return MailSubmission(
        id: TestMessageNames.id(id), sender: "bounces@example.org", recipient: try EmailAddress(recipient),
        data: Array(text.utf8))
}
