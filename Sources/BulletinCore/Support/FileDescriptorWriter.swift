#if canImport(Glibc)
    import Glibc
#endif

/// Writes whole buffers to a file descriptor with plain `write(2)` calls: no user-space buffer to lose when the
/// process dies, and no `fsync`.
public enum FileDescriptorWriter {
    /// Writes all of `bytes` to `descriptor`, retrying short writes and interruptions.
    ///
    /// - Returns: nil when everything was written, else the `errno` of the failed call.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
