#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file descriptor line by line in constant memory, handing each line (without its `\n` or `\r\n`)
/// as bytes in a buffer that is reused: copy what you keep.
public final class LineReader {
    private let input: InputFile
    /// The file's name for messages, or "standard input".
    public var name: String { input.name }
    private var buffer: [UInt8]
    /// Bytes read so far.
    public private(set) var bytesRead = 0

    /// Opens a file; `-` reads standard input.
    ///
    /// - Throws: ``InputFileError`` when the file cannot be opened.
    public convenience init(path: String) throws {
        self.init(input: try InputFile(path: path))
    }

    /// Reads an input.
    public init(input: InputFile, bufferSize: Int = 1 << 20) {
        self.input = input
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// Calls `body` with each line and its 1-based number, until the end of the input.
    ///
    /// - Throws: ``InputFileError`` on a read error, or what `body` throws.
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
            let count = try buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try input.read(into: base + end, count: raw.count - end)
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
