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
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw InitError.cannotCreate(url.path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask cannot widen 0600, but make the mode explicit all the same.
        fchmod(descriptor, 0o600)
        let data = Array(text.utf8)
        guard data.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == data.count else {
            unlink(url.path)
            throw InitError.cannotCreate(url.path, String(cString: strerror(errno)))
        }
        return true
    }

    /// Reads the secret and makes the signer for links.
    ///
    /// - Throws: ``LinkSecretError`` naming the file when it is missing, unreadable, not base64url or too short.
    static func signer(at url: URL) throws -> LinkSigner {
        try LinkSigner(secretFile: url)
    }
}
