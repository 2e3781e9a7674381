import Foundation

/// The aiosmtpd test server (BulletinNetTests/Support/smtp_test_server.py) as a relay for CLI tests on 127.0.0.1,
/// stopped when released.
final class TestRelay {
    /// What the server received.
    struct Stats: Decodable {
        struct Message: Decodable {
            var from: String
            var to: [String]
            var size: Int
            var content: String?
        }
        var sessions: Int
        var messages: [Message]

        /// How many copies each recipient got.
        var copies: [String: Int] {
            messages.reduce(into: [:]) { counts, message in
                for recipient in message.to { counts[recipient.lowercased(), default: 0] += 1 }
            }
        }
    }

    private(set) var port = 0
    private let folder: URL
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    /// Starts the server with extra flags (`--defer-once`, `--keep-bodies`) and waits until it listens.
    init(_ flags: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("BulletinNetTests/Support/smtp_test_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--cert-dir", folder.path] + flags
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try readLine()
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            throw Site.SiteError(message: "the test relay did not start: \(ready)")
        }
        self.port = port
    }

    /// The `[smtp]` lines that send to this relay.
    var smtpSettings: String { "url = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"" }

    /// What the server received so far.
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
            guard !chunk.isEmpty else { throw Site.SiteError(message: "the test relay stopped") }
            buffer.append(chunk)
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension Site {
    /// Puts `lines` right under the `[section]` header of bulletin.toml (adding the section when missing).
    func configure(_ section: String, _ lines: String) throws {
        try Site.configure(folder: folder, section, lines)
    }

    /// The site's database.
    var databasePath: String { folder.appendingPathComponent("Subscribers/bulletin.sqlite").path }
}
