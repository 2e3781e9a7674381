import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The feed test server (feed_server.py, beside this file): serves the files of a folder of its own over HTTP on
/// 127.0.0.1 with ETag and Last-Modified, 304 for conditional GETs and a few special paths; stopped when released.
/// The fetcher, `articles import` and `ArticleImport` tests all fetch from it.
public final class FeedTestServer {
    /// The folder it serves; requests.log there lists the requests it answered.
    public let folder: URL
    /// The port it listens on.
    public let port: Int
    private let process = Process()
    private let input = Pipe()

    /// Starts the server on a new empty folder and waits for its port.
    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feed-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("feed_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var text = ""
        while !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Puts `text` in the served folder as `name`.
    public func serve(_ text: String, as name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// The address of `path` on the server.
    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)") ?? URL(fileURLWithPath: "/")
    }

    /// The requests answered so far, one line each: "METHOD PATH If-None-Match User-Agent".
    public var requests: [String] {
        ((try? String(contentsOf: folder.appendingPathComponent("requests.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    deinit {
        // Closing its stdin ends the server (see feed_server.py); SIGKILL in case it does not.
        try? input.fileHandleForWriting.close()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
