import BulletinCore
import Foundation

/// The secret key that signs links in messages: 32 random bytes, base64url, in a file only its owner can read.
enum LinkSecret {
    /// Creates the secret file unless one exists.
    ///
    /// - Returns: true when a new secret was written, false when an existing one was kept.
    static func create(at url: URL) throws -> Bool {
        if FileManager.default.fileExists(atPath: url.path) { return false }
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text =
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") + "\n"
        try PrivateFile.create(at: url, contents: text)
        return true
    }
}
