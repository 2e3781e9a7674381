import Foundation
import Testing

/// Runs Tests/Python/verify_messages.py (Python's `email` package and dkimpy) over messages written to a
/// temporary folder.
struct PythonVerifier {
    struct Result: Decodable {
        var checked: Int
        var failures: [String]
    }

    let folder: URL
    var records: [String: String] = [:]
    var cases: [[String: Any]] = []
    /// Whether the script checks that every message has its own Message-ID.
    var uniqueIDs = true

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Python/verify_messages.py")
    }

    mutating func add(_ bytes: [UInt8], expect: [String: Any]) throws {
        let path = folder.appendingPathComponent("message-\(cases.count).eml")
        try Data(bytes).write(to: path)
        cases.append(["path": path.path, "expect": expect])
    }

    func run() throws -> Result {
        let input = folder.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: ["records": records, "messages": cases, "unique_ids": uniqueIDs])
            .write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, input.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed: \(errorText)")
        try? FileManager.default.removeItem(at: folder)
        return try JSONDecoder().decode(Result.self, from: data)
    }
}
