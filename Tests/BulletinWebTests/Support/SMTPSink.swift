import Foundation

/// The aiosmtpd test server the SMTP transport tests use (Tests/BulletinNetTests/Support/smtp_test_server.py),
/// started on 127.0.0.1 with every accepted message saved as N.eml in a folder.
final class SMTPSink {
    let port: Int
    let folder: URL
    private let process = Process()
    private let input = Pipe()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-web-smtp-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("BulletinNetTests/Support/smtp_test_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--cert-dir", folder.path, "--save-dir", folder.path]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) else {
            throw ServeProcess.ServeError.command("smtp_test_server.py", line)
        }
        self.port = port
    }

    /// Waits (up to 20 s) for the `number`th message and returns its bytes.
    func message(_ number: Int) async throws -> [UInt8] {
        let file = folder.appendingPathComponent("\(number).eml")
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: file.path), !data.isEmpty { return Array(data) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeProcess.ServeError.command("smtp", "message \(number) never arrived")
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
