#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file, or standard input for `-`, read through its descriptor and closed with the object: what the CSV and
/// log readers read from.
public final class InputFile {
    /// The descriptor.
    public let fileDescriptor: Int32
    /// The file's path for messages, or "standard input".
    public let name: String
    private let closesOnDeinit: Bool

    /// Opens a file for reading; `-` is standard input.
    ///
    /// - Throws: ``InputFileError`` when the file cannot be opened.
    public convenience init(path: String) throws {
        if path == "-" {
            self.init(fileDescriptor: 0, name: "standard input", closesOnDeinit: false)
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFileError(path: path, code: errno) }
        self.init(fileDescriptor: descriptor, name: path, closesOnDeinit: true)
    }

    /// Reads an open descriptor.
    public init(fileDescriptor: Int32, name: String, closesOnDeinit: Bool) {
        self.fileDescriptor = fileDescriptor
        self.name = name
        self.closesOnDeinit = closesOnDeinit
    }

    deinit {
        if closesOnDeinit { close(fileDescriptor) }
    }

    /// Reads up to `count` bytes to `destination`, retrying when a signal interrupts the read.
    ///
    /// - Returns: the number of bytes read; 0 at the end of the input.
    /// - Throws: ``InputFileError`` when reading fails.
    public func read(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let result = Glibc.read(fileDescriptor, destination, count)
            if result >= 0 { return result }
            if errno != EINTR { throw InputFileError(path: name, code: errno) }
        }
    }
}

/// A file or stream cannot be read.
public struct InputFileError: Error, CustomStringConvertible, Sendable {
    /// What was being read.
    public let path: String
    /// The system's error number.
    public let code: Int32

    /// Creates an error.
    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    public var description: String {
        let reason = String(cString: strerror(code))
        return "cannot read \(path): \(reason.prefix(1).lowercased() + reason.dropFirst()); check the path and "
            + "its permissions."
    }
}
