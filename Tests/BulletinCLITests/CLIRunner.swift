import Foundation

/// Runs the real `bulletin` executable, as a user or a cron job would.
struct CLIRunner {
    /// What a run printed and how it ended.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable: `BULLETIN_BIN`, else beside the test bundle, else `.build/debug`.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["BULLETIN_BIN"] { return URL(fileURLWithPath: path) }
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("bulletin")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/bulletin")
    }()

    let folder: URL
    var environment: [String: String] = [:]

    /// Runs `bulletin` with arguments in `folder`, feeding `input` on stdin; `umask` (like "000") runs it under
    /// that file-creation mask instead of the test's.
    /// `asUser` (a uid; the test must run as root) runs it as that user, through `setpriv`.
    func run(_ arguments: [String], input: String? = nil, umask: String? = nil, asUser: UInt32? = nil) throws -> Result
    {
        let process = prepare(arguments)
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", Self.executable.path] + arguments
        }
        if let asUser {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments =
                ["--reuid=\(asUser)", "--regid=\(asUser)", "--clear-groups", Self.executable.path] + arguments
        }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes before waiting, so that a large output cannot fill a pipe and stall the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `bulletin` without waiting (the caller waits); its stderr goes to `log` when given, else nowhere.
    func start(_ arguments: [String], log: URL? = nil) throws -> Process {
        let process = prepare(arguments)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// A process of `bulletin` in `folder` with the runner's environment (no inherited configuration or clock).
    private func prepare(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BULLETIN_CONFIG")
        env.removeValue(forKey: "BULLETIN_NOW")
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }
}

/// A fresh folder with `bulletin init` already run in it.
final class Site {
    let folder: URL
    let runner: CLIRunner

    init(initialize: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        runner = CLIRunner(folder: folder)
        if initialize {
            let result = try runner.run(["init"])
            guard result.status == 0 else { throw SiteError(message: result.stderr) }
        }
    }

    struct SiteError: Error {
        let message: String
    }

    func run(_ arguments: String..., input: String? = nil) throws -> CLIRunner.Result {
        try runner.run(arguments, input: input)
    }

    func write(_ text: String, to name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}
