import BulletinCore
import Foundation

extension PrivateFile {
    /// Writes `contents` to a new file with mode 0600: a key or a secret.
    ///
    /// - Throws: ``KeyFileExistsError`` when a file is there (a key is never replaced); ``PrivateFileError``.
    static func create(at url: URL, contents: String) throws {
        do {
            try create(url.path, holding: Array(contents.utf8))
        } catch PrivateFileError.exists(let path) {
            throw KeyFileExistsError(path: path)
        }
    }
}

/// A key file that would replace an existing one.
struct KeyFileExistsError: BulletinError {
    /// The file that is there.
    let path: String

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        "\(path) exists and is never overwritten; choose another file with --output, or move the old key away "
            + "once no published record needs it."
    }
}
