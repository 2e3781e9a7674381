#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// New files that hold personal data, live links or keys: created exclusively (an existing file is never
/// replaced) with exactly the permissions asked for, whatever the umask — `open(2)`'s mode is narrowed by the umask
/// but never widened, so the mode is set again with `fchmod(2)` once the file is ours.
public enum PrivateFile {
    /// Creates `path` and returns its descriptor, open for writing and closed on exec; the caller closes it.
    ///
    /// - Throws: ``PrivateFileError``.
    public static func open(_ path: String, mode: Int = 0o600) throws -> Int32 {
        #if canImport(Glibc)
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        #else
            let descriptor = Darwin.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        #endif
        guard descriptor >= 0 else {
            if errno == EEXIST { throw PrivateFileError.exists(path) }
            throw PrivateFileError.cannotCreate(path, reason: String(cString: strerror(errno)))
        }
        fchmod(descriptor, mode_t(mode))
        return descriptor
    }

    /// Creates `path` holding `bytes` (with plain `write(2)` calls, no `fsync`); a failed write removes the file.
    ///
    /// - Throws: ``PrivateFileError``.
    public static func create(_ path: String, holding bytes: [UInt8] = [], mode: Int = 0o600) throws {
        let descriptor = try open(path, mode: mode)
        let failure = FileDescriptorWriter.writeAll(bytes, to: descriptor)
        close(descriptor)
        if let failure {
            unlink(path)
            throw PrivateFileError.cannotCreate(path, reason: String(cString: strerror(failure)))
        }
    }
}

/// A private file that cannot be created.
public enum PrivateFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file is already there, and is never replaced.
    case exists(String)
    /// The file cannot be created or written; `reason` is the system's.
    case cannotCreate(String, reason: String)

    /// The system's reason, or "it exists".
    public var reason: String {
        switch self {
        case .exists: return "it exists"
        case .cannotCreate(_, let reason): return reason
        }
    }

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) exists and is never overwritten; choose another name, or move the old file away."
        case .cannotCreate(let path, let reason):
            return "cannot create \(path) (\(reason)); check the permissions of its folder and the free space."
        }
    }
}
