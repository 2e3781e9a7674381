import BulletinCore
import Foundation

/// A file only its owner can read, created without replacing anything.
enum PrivateFile {
    /// Writes `contents` to a new file with mode 0600.
    ///
    /// - Throws: ``PrivateFileError`` when the file exists or cannot be written.
    static func create(at url: URL, contents: String) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw PrivateFileError.exists(url.path) }
            throw InitError.cannotCreate(url.path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array(contents.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            unlink(url.path)
            throw InitError.cannotCreate(url.path, String(cString: strerror(errno)))
        }
    }
}

/// A key file that would replace an existing one.
enum PrivateFileError: BulletinError {
    /// The file exists.
    case exists(String)

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        switch self {
        case .exists(let path):
            return "\(path) exists and is never overwritten; choose another file with --output, or move the old "
                + "key away once no published record needs it."
        }
    }
}
