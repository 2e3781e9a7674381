import Foundation

/// The aiosmtpd test server of the SMTP tests (Tests/BulletinNetTests/Support/smtp_test_server.py), run by a CLI
/// test on 127.0.0.1 as the relay `bulletin send` delivers to; stopped when released.
///
/// The script stays where the transport's tests keep it; this launcher only starts it and reads its counts.
final class AiosmtpdRelay {
    /// Sessions and accepted messages, as the server counted them.
    struct Stats: Decodable {
        /// One message the server accepted.
        struct Message: Decodable {
            var from: String
            var to: [String]
            var size: Int
        }
        var sessions: Int
        var messages: [Message]
    }

    /// The port the server listens on.
    private(set) var port = 0
    private let folder: URL
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("BulletinNetTests/Support/smtp_test_server.py")

    /// Starts a server without TLS or AUTH and waits until it accepts connections; `replyDelay` milliseconds pass
    /// between counting a message and answering 250.
    init(replyDelay: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--tls", "none", "--reply-delay", "\(replyDelay)", "--cert-dir", folder.path,
        ]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try readLine()
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            throw AiosmtpdRelayError(message: "the aiosmtpd test server did not start: \(ready)")
        }
        self.port = port
    }

    /// Asks the server what it counted so far.
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
            guard !chunk.isEmpty else {
                throw AiosmtpdRelayError(
                    message: "the aiosmtpd test server stopped: \(String(decoding: buffer, as: UTF8.self))")
            }
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

/// The test relay failed.
struct AiosmtpdRelayError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
