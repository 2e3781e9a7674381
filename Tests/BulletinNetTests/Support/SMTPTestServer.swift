import BulletinCore
import Foundation

/// An aiosmtpd server (Support/smtp_test_server.py) run by a test on 127.0.0.1, stopped when released.
final class SMTPTestServer {
    /// Sessions and accepted messages, as the server counted them.
    struct Stats: Decodable {
        struct Message: Decodable {
            var from: String
            var to: [String]
            var size: Int
        }
        var sessions: Int
        var messages: [Message]
    }

    /// The TLS the server offers.
    enum TLS: String {
        case none, starttls, implicit
    }

    private(set) var port = 0
    /// Where the server's self-signed certificate is (cert.pem), for `ca_file`.
    let folder: URL
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var lines: [String] = []
    private var buffer = Data()

    /// Starts a server and waits until it accepts connections.
    init(tls: TLS = .none, auth: Bool = false, stall: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bulletin-smtp-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "smtp_test_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", script.path, "--tls", tls.rawValue, "--cert-dir", folder.path]
        if auth { arguments.append("--auth") }
        if stall { arguments.append("--stall") }
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try readLine()
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            throw SMTPTestServerError.didNotStart(ready)
        }
        self.port = port
    }

    /// The certificate the server presents (self-signed, for 127.0.0.1 and localhost).
    var certificate: URL { folder.appendingPathComponent("cert.pem") }

    /// Asks the server what it counted.
    func stats() throws -> Stats {
        input.fileHandleForWriting.write(Data("stats\n".utf8))
        return try JSONDecoder().decode(Stats.self, from: Data(try readLine().utf8))
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw SMTPTestServerError.didNotStart(String(decoding: buffer, as: UTF8.self)) }
            buffer.append(chunk)
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A local port nothing listens on.
    static func closedPort() throws -> Int {
        let server = try SMTPTestServer()
        return server.port  // released (and stopped) on return
    }
}

/// The test server failed.
enum SMTPTestServerError: Error {
    case didNotStart(String)
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

/// A message of about `size` bytes with CRLF line endings, one line starting with a dot.
func testMessage(id: String, to recipient: String, size: Int = 2_000) -> MailSubmission {
    var text = "From: news@example.org\r\nTo: \(recipient)\r\nSubject: Test \(id)\r\n\r\n.leading dot\r\n"
    while text.utf8.count < size { text += "The quick brown fox jumps over the lazy dog, line \(text.utf8.count).\r\n" }
    return MailSubmission(id: id, sender: "bounces@example.org", recipient: recipient, data: Array(text.utf8))
}
