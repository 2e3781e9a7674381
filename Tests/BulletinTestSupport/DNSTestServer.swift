import Foundation

/// The DNS test server (dns_test_server.py, beside this file), on 127.0.0.1: TXT records from a table, NXDOMAIN for
/// every other name. Stopped when released.
public final class DNSTestServer {
    /// The UDP port it listens on.
    public private(set) var port = 0
    private let process = Process()
    private let input = Pipe()

    /// Starts the server with TXT `records` by name and waits until it listens.
    public init(records: [String: [String]]) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "dns_test_server.py")
        let table = String(decoding: try JSONSerialization.data(withJSONObject: records), as: UTF8.self)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, table]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            throw AiosmtpdServerError(message: "the DNS test server did not start: \(text)")
        }
        self.port = port
    }

    /// `127.0.0.1:PORT`, for `bulletin doctor --dns-server`.
    public var address: String { "127.0.0.1:\(port)" }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
