import Foundation
import Testing

/// Compares bytes with a golden file under Tests/BulletinCoreTests/Snapshots; RECORD_SNAPSHOTS=1 rewrites it.
enum MailSnapshot {
    static func folder() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Snapshots")
    }

    static func expectMatches(_ bytes: [UInt8], named name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = folder().appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(bytes).write(to: url)
            return
        }
        let golden = try #require(
            FileManager.default.contents(atPath: url.path), "no snapshot \(name); record it with RECORD_SNAPSHOTS=1",
            sourceLocation: sourceLocation)
        #expect(
            Array(golden) == bytes, "\(name) differs from the snapshot; re-record with RECORD_SNAPSHOTS=1 if intended",
            sourceLocation: sourceLocation)
    }
}
