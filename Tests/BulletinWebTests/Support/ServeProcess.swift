import Foundation
import Synchronization

/// The real `bulletin serve` binary, started in a newsletter folder made by `bulletin init`; its stderr (the
/// request log) is collected as it comes.
final class ServeProcess {
    /// The built executable: `BULLETIN_BIN`, else `.build/debug/bulletin`.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["BULLETIN_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/bulletin")
    }()

    let folder: URL
    private let process = Process()
    private let errors = LogBuffer()

    /// Makes a newsletter folder with `bulletin init` and sets the given lines at the top of sections, like
    /// `["smtp": "url = …"]`.
    static func makeSite(_ sections: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try run(["init"], in: folder)
        guard result.status == 0 else { throw ServeError.command("init", result.output) }
        let file = folder.appendingPathComponent("bulletin.toml")
        var text = try String(contentsOf: file, encoding: .utf8)
        for (section, lines) in sections {
            text = text.replacingOccurrences(of: "[\(section)]\n", with: "[\(section)]\n\(lines)\n")
        }
        try Data(text.utf8).write(to: file)
        return folder
    }

    /// Runs `bulletin` to the end in `folder`; returns its exit status and stdout + stderr.
    static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BULLETIN_CONFIG")
        environment.removeValue(forKey: "BULLETIN_NOW")
        return environment
    }

    /// Starts `bulletin serve` with `arguments` in `folder`.
    init(folder: URL, arguments: [String] = ["serve", "--port", "0"]) throws {
        self.folder = folder
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = Self.environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let errors = self.errors
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
            } else {
                errors.data.withLock { $0.append(chunk) }
            }
        }
        try process.run()
    }

    /// What the server logged so far.
    var log: String { String(decoding: errors.data.withLock { $0 }, as: UTF8.self) }

    /// Waits (up to 30 s) for the "listening on" line and returns the port.
    func port() async throws -> Int {
        let marker = "listening on http://127.0.0.1:"
        for _ in 0..<300 {
            let log = self.log
            if let range = log.range(of: marker) {
                let digits = log[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            if !process.isRunning { throw ServeError.exited(process.terminationStatus, log) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeError.command("serve", "no listening line after 30 s: \(log)")
    }

    /// Sends SIGTERM and waits (up to 20 s) for the exit status.
    func terminate() async throws -> Int32 {
        process.terminate()
        for _ in 0..<200 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            throw ServeError.command("serve", "still running 20 s after SIGTERM")
        }
        return process.terminationStatus
    }

    /// Waits (up to 20 s) for the process to end by itself.
    func exitStatus() async throws -> Int32 {
        for _ in 0..<200 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard !process.isRunning else { throw ServeError.command("serve", "did not exit") }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The stderr collected so far, shared with the pipe's reading handler.
    final class LogBuffer: Sendable {
        let data = Mutex(Data())
    }

    enum ServeError: Error, CustomStringConvertible {
        case command(String, String)
        case exited(Int32, String)

        var description: String {
            switch self {
            case .command(let name, let output): "bulletin \(name) failed: \(output)"
            case .exited(let status, let log): "bulletin serve exited with \(status): \(log)"
            }
        }
    }
}
