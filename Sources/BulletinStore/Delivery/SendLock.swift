import BulletinCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `send` per database at a time: an exclusive `flock(2)` on a file beside the database, which holds the
/// owner's process id.
///
/// The kernel drops the lock when its process ends, however it ends, so a lock left by a dead process is simply
/// taken over; the pid in the file only names the owner in the error message.
public final class SendLock {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// The lock file of the database at `databasePath`.
    public static func path(forDatabase databasePath: String) -> String { databasePath + "-send-lock" }

    /// Takes the lock without waiting.
    ///
    /// - Throws: ``SendLockError/busy(pid:)`` when another process holds it, ``SendLockError/cannotOpen(_:_:)``.
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SendLockError.cannotOpen(path, String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            let holder = Self.readPID(descriptor)
            close(descriptor)
            if busy { throw SendLockError.busy(pid: holder) }
            throw SendLockError.cannotOpen(path, reason)
        }
        self.descriptor = descriptor
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Whether a process holds the lock at `path` now, and its pid; looks without creating the file or taking
    /// the lock (for `bulletin doctor`, which may run as another user).
    public static func holder(path: String) -> (held: Bool, pid: Int32?) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return (false, nil) }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return (false, nil)
        }
        return (errno == EWOULDBLOCK, readPID(descriptor))
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// The send lock cannot be taken.
public enum SendLockError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another process holds it.
    case busy(pid: Int32?)
    /// The lock file cannot be opened.
    case cannotOpen(String, String)

    public var description: String {
        switch self {
        case .busy(let pid):
            "another send is running (pid \(pid.map(String.init) ?? "unknown")); wait for it to finish."
        case .cannotOpen(let path, let reason):
            "cannot open the send lock \(path) (\(reason)); check that the database folder is writable."
        }
    }
}
