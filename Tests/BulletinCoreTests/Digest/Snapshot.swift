import Foundation
import Testing

/// Golden files under Tests/BulletinCoreTests/Snapshots/, re-recorded only with RECORD_SNAPSHOTS=1.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    /// Compares `text` with the golden file `name`, or records it when RECORD_SNAPSHOTS=1.
    static func expect(
        _ text: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text == golden, "differs from Snapshots/\(name); re-record with RECORD_SNAPSHOTS=1",
            sourceLocation: sourceLocation)
    }
}
