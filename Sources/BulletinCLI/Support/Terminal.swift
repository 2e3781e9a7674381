import BulletinCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The process's terminal: whether a person is watching, and buffered output for large listings.
enum Terminal {
    /// Buffered standard output.
    nonisolated(unsafe) static let standardOutput = BufferedOutput(fileDescriptor: 1)

    /// Whether standard output is a terminal (a person reads it), not a pipe or a file.
    static var outputIsTerminal: Bool { isatty(1) == 1 }

    /// Whether standard error is a terminal (a person watches progress there).
    static var errorIsTerminal: Bool { isatty(2) == 1 }

    /// Whether standard input is a terminal (a person can answer a question).
    static var inputIsTerminal: Bool { isatty(0) == 1 }

    /// Writes one line to stderr, unbuffered.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Asks a yes/no question on stderr and reads the answer from stdin; anything but y or yes is no.
    static func confirm(_ question: String) -> Bool {
        standardOutput.flush()
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Output written through a 64 KiB buffer, to a file descriptor or to a new file that replaces its target only
/// when complete.
final class BufferedOutput {
    private var buffer: [UInt8] = []
    private let fileDescriptor: Int32
    private let name: String

    init(fileDescriptor: Int32, name: String = "standard output") {
        self.fileDescriptor = fileDescriptor
        self.name = name
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes text; flushed when the buffer fills.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes text and a line feed.
    func line(_ text: String = "") {
        write(text)
        write("\n")
    }

    /// Writes whatever is buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fileDescriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // The reader went away (a closed pipe); nothing more can be shown.
                    break
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes a file through a temporary file beside it, renamed into place only when complete, so that an
/// interrupted export never leaves half a file where a whole one was.
final class AtomicFileOutput {
    let output: BufferedOutput
    private let temporaryPath: String
    private let finalPath: String
    private let fileDescriptor: Int32
    private var finished = false

    /// Starts the file; it gets `mode` (not widened by the umask) because an export holds personal data.
    init(path: String, mode: Int = 0o600) throws {
        finalPath = path
        temporaryPath =
            (path as NSString).deletingLastPathComponent.isEmpty
            ? ".\(path).\(getpid()).tmp"
            : ((path as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        fileDescriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        guard fileDescriptor >= 0 else { throw FileOutputError(path: path, code: errno) }
        fchmod(fileDescriptor, mode_t(mode))
        output = BufferedOutput(fileDescriptor: fileDescriptor, name: path)
    }

    /// Flushes, syncs and renames the file into place.
    func commit() throws {
        output.flush()
        guard fsync(fileDescriptor) == 0, close(fileDescriptor) == 0 else {
            throw FileOutputError(path: finalPath, code: errno)
        }
        finished = true
        guard rename(temporaryPath, finalPath) == 0 else { throw FileOutputError(path: finalPath, code: errno) }
    }

    deinit {
        if !finished {
            close(fileDescriptor)
            unlink(temporaryPath)
        }
    }
}

/// A file cannot be written.
struct FileOutputError: BulletinError {
    let path: String
    let code: Int32

    var exitStatus: ExitStatus { .cannotCreate }

    var description: String {
        "cannot write \(path): \(String(cString: strerror(code))); check the folder exists and is writable."
    }
}
