import Foundation

/// The aiosmtpd test server (smtp_test_server.py, beside this file), started by a test on 127.0.0.1 and stopped
/// when released. The SMTP transport, `send` and `serve` tests all deliver to it.
public final class AiosmtpdServer {
    /// Sessions and accepted messages, as the server counted them.
    public struct Stats: Decodable, Sendable {
        /// One accepted message.
        public struct Message: Decodable, Sendable {
            /// The envelope sender.
            public var from: String
            /// The envelope recipients.
            public var to: [String]
            /// The size of the data, in bytes.
            public var size: Int
            /// The message, with `--keep-bodies`.
            public var content: String?
        }
        /// SMTP sessions opened (a STARTTLS upgrade is the same session).
        public var sessions: Int
        /// The accepted messages, in order (empty with `--quiet-stats`).
        public var messages: [Message]
        /// The highest number of sessions that had sent a whole message and were waiting for its reply at once
        /// (with `--latency`): N sessions that really overlap bring it to N, sessions that take turns keep it at 1.
        public var maxDataWaits: Int
        /// How many messages were accepted (also with `--quiet-stats`).
        public var accepted: Int

        private enum CodingKeys: String, CodingKey {
            case sessions, messages, accepted
            case maxDataWaits = "max_data_waits"
        }

        /// How many copies each recipient (lower-cased) got.
        public var copies: [String: Int] {
            messages.reduce(into: [:]) { counts, message in
                for recipient in message.to { counts[recipient.lowercased(), default: 0] += 1 }
            }
        }
    }

    /// The port it listens on.
    public private(set) var port = 0
    /// A scratch folder of its own: its self-signed certificate is there (cert.pem), and whatever a test puts
    /// there (`--save-dir`).
    public let folder: URL
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    /// Starts the server with `arguments` (see the script: `--tls`, `--auth`, `--stall`, `--defer-once`,
    /// `--keep-bodies`, `--reply-delay MS`, `--latency MS`, `--quiet-stats`, `--save-dir DIR`, `--refuse-sender
    /// CODE`, `--refuse-rcpt-every N`) and waits until it accepts connections.
    public init(_ arguments: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "smtp_test_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--cert-dir", folder.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try readLine()
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            throw AiosmtpdServerError(message: "the aiosmtpd test server did not start: \(ready)")
        }
        self.port = port
    }

    /// The certificate the server presents with `--tls` (self-signed, for 127.0.0.1 and localhost).
    public var certificate: URL { folder.appendingPathComponent("cert.pem") }

    /// Asks the server what it counted so far.
    public func stats() throws -> Stats {
        input.fileHandleForWriting.write(Data("stats\n".utf8))
        return try JSONDecoder().decode(Stats.self, from: Data(try readLine().utf8))
    }

    /// Changes an option of the running server (`refuse_sender`, `refuse_rcpt_every`, `reply_delay`, …).
    public func set(_ option: String, _ value: String) throws {
        input.fileHandleForWriting.write(Data("set \(option) \(value)\n".utf8))
        let answer = try readLine()
        guard answer == "OK" else { throw AiosmtpdServerError(message: "set \(option): \(answer)") }
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
                throw AiosmtpdServerError(
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

/// The test server failed.
public struct AiosmtpdServerError: Error, CustomStringConvertible {
    /// What happened.
    public let message: String

    public var description: String { message }
}
