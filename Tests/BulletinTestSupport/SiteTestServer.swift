import Foundation

/// The preflight's test web site (site_test_server.py, beside this file): a folder's files served on 127.0.0.1,
/// 404 for a missing file, 410 under `/gone/`, HEAD refused with 405 under `/no-head/`. Stopped when released.
public final class SiteTestServer {
    /// The port it listens on.
    public let port: Int
    /// The folder it serves (and where it appends requests.log).
    public let folder: URL
    private let process = Process()
    private let input = Pipe()

    /// Starts the server on a new temporary folder and waits until it listens.
    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "site_test_server.py")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        let ready = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            throw AiosmtpdServerError(message: "the site test server did not start: \(ready)")
        }
        self.port = port
    }

    /// The address of `path` on the server.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Writes a file the server serves at `/name`.
    public func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// The requests it answered so far, as "METHOD PATH" lines.
    public func requests() -> [String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
