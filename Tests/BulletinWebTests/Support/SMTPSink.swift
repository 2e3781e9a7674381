import BulletinTestSupport
import Foundation

/// The aiosmtpd test server (BulletinTestSupport) with every accepted message saved as N.eml in its folder.
final class SMTPSink {
    private let server: AiosmtpdServer

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-web-smtp-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        server = try AiosmtpdServer(["--save-dir", folder.path])
        self.folder = folder
    }

    /// The port it listens on.
    var port: Int { server.port }
    /// Where the messages are saved.
    let folder: URL

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
        try? FileManager.default.removeItem(at: folder)
    }
}
