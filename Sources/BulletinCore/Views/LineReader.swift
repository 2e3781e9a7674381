#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file descriptor line by line in constant memory, handing each line (without its `\n` or `\r\n`)
/// as bytes in a buffer that is reused: copy what you keep.
public final class LineReader {
    private let fileDescriptor: Int32
    private let closesOnDeinit: Bool
    /// The file's name for messages, or "standard input".
    public let name: String
    private var buffer: [UInt8]
    /// Bytes read so far.
    public private(set) var bytesRead = 0

    /// Opens a file; `-` reads standard input.
    ///
    /// - Throws: ``LogInputError`` when the file cannot be opened.
    public convenience init(path: String) throws {
        if path == "-" {
            self.init(fileDescriptor: 0, name: "standard input", closesOnDeinit: false)
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LogInputError(path: path, code: errno) }
        self.init(fileDescriptor: descriptor, name: path, closesOnDeinit: true)
    }

    /// Reads an open descriptor.
    public init(fileDescriptor: Int32, name: String, closesOnDeinit: Bool, bufferSize: Int = 1 << 20) {
        self.fileDescriptor = fileDescriptor
        self.name = name
        self.closesOnDeinit = closesOnDeinit
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit {
        if closesOnDeinit { close(fileDescriptor) }
    }

    /// Calls `body` with each line and its 1-based number, until the end of the input.
    ///
    /// - Throws: ``LogInputError`` on a read error, or what `body` throws.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var start = 0
        var end = 0
        var lineNumber = 0
        while true {
            if start > 0 {
                // Move the partial line to the front.
                let remaining = end - start
                if remaining > 0 {
                    buffer.withUnsafeMutableBytes { raw in
                        guard let base = raw.baseAddress else { return }
                        _ = memmove(base, base + start, remaining)
                    }
                }
                end = remaining
                start = 0
            }
            if end == buffer.count {
                // A line longer than the buffer: grow it.
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fileDescriptor, base + end, raw.count - end)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw LogInputError(path: name, code: errno)
            }
            bytesRead += count
            let atEnd = count == 0
            end += count
            try buffer.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                while start < end {
                    let found = memchr(base + start, 0x0A, end - start)
                    let lineEnd: Int
                    if let found {
                        lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    } else if atEnd {
                        lineEnd = end
                    } else {
                        break
                    }
                    var contentEnd = lineEnd
                    if contentEnd > start, base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                    lineNumber += 1
                    try body(UnsafeBufferPointer(start: base + start, count: contentEnd - start), lineNumber)
                    start = lineEnd + 1
                }
            }
            if atEnd { return }
        }
    }
}

/// A log file or stream cannot be read.
public struct LogInputError: BulletinError {
    /// The file.
    public let path: String
    /// The system's error number.
    public let code: Int32

    /// Creates an error.
    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    public var exitStatus: ExitStatus { code == ENOENT ? .dataError : .ioError }

    public var description: String {
        let reason = String(cString: strerror(code))
        return "cannot read \(path): \(reason.prefix(1).lowercased() + reason.dropFirst()); check the path and "
            + "its permissions."
    }
}
