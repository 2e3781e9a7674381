import BulletinCore
import BulletinStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The content of a log file read as a stream of bytes: the file itself, or what `gzip -dc` makes of a `.gz`.
final class LogContent {
    /// The file's path.
    let path: String
    /// Whether the file is gzip-compressed (its name ends in `.gz`).
    let compressed: Bool
    private let input: InputFile
    private let process: Process?
    private var pending: [UInt8] = []
    /// Bytes of the content handed out or skipped so far.
    private(set) var position: Int64 = 0

    /// Opens the file at `path`, decompressing it through `gzip -dc` when its name ends in `.gz`.
    ///
    /// - Throws: ``InputFileError``; ``RefreshError/cannotDecompress(_:_:)`` when gzip cannot be started.
    init(path: String) throws {
        self.path = path
        compressed = path.hasSuffix(".gz")
        guard compressed else {
            input = try InputFile(path: path)
            process = nil
            return
        }
        guard access(path, R_OK) == 0 else { throw InputFileError(path: path, code: errno) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-dc", "--", path]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        gzip.standardError = FileHandle.nullDevice
        do {
            try gzip.run()
        } catch {
            throw RefreshError.cannotDecompress(path, "\(error)")
        }
        try? pipe.fileHandleForWriting.close()
        input = InputFile(fileDescriptor: pipe.fileHandleForReading.fileDescriptor, name: path, closesOnDeinit: false)
        process = gzip
        output = pipe
    }

    /// The pipe gzip writes to, kept open while the content is read.
    private var output: Pipe?

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? output?.fileHandleForReading.close()
    }

    /// The next bytes of the content (at most `count`), empty at its end.
    func read(upTo count: Int) throws -> [UInt8] {
        if !pending.isEmpty {
            let chunk = Array(pending.prefix(count))
            pending.removeFirst(chunk.count)
            position += Int64(chunk.count)
            return chunk
        }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = try buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return try input.read(into: base, count: count)
        }
        buffer.removeLast(count - got)
        position += Int64(got)
        return buffer
    }

    /// The first bytes of the content, at most `count` (fewer only at its end); they are read again afterwards.
    func peek(_ count: Int) throws -> [UInt8] {
        var collected = pending
        while collected.count < count {
            var buffer = [UInt8](repeating: 0, count: count - collected.count)
            let got = try buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try input.read(into: base, count: raw.count)
            }
            if got == 0 { break }
            collected += buffer.prefix(got)
        }
        pending = collected
        return collected
    }

    /// Moves to byte `offset` of the content: a seek in a plain file, reading and dropping bytes through gzip.
    ///
    /// - Returns: false when the content ends before `offset`.
    func skip(to offset: Int64) throws -> Bool {
        if !compressed {
            pending = []
            guard lseek(input.fileDescriptor, off_t(offset), SEEK_SET) >= 0 else {
                throw InputFileError(path: path, code: errno)
            }
            position = offset
            return true
        }
        while position < offset {
            let chunk = try read(upTo: Int(min(Int64(1 << 20), offset - position)))
            if chunk.isEmpty { return false }
        }
        return true
    }

    /// Calls `body` with each whole line from the current position (without its `\n` or `\r\n`) and its number.
    /// A last line without `\n` is read too when `takeUnfinished` is true (a compressed log is complete), and
    /// left for the next refresh otherwise (a live log may be in the middle of writing it).
    ///
    /// - Returns: the bytes consumed.
    func forEachLine(
        takeUnfinished: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws -> Int64 {
        var carry: [UInt8] = []
        var consumed: Int64 = 0
        var number = 0
        func emit(_ line: ArraySlice<UInt8>) throws {
            var content = line
            if content.last == 0x0D { content = content.dropLast() }
            number += 1
            try content.withUnsafeBufferPointer { try body($0, number) }
        }
        while true {
            let chunk = try read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            carry += chunk
            var start = carry.startIndex
            while let newline = carry[start...].firstIndex(of: 0x0A) {
                try emit(carry[start..<newline])
                consumed += Int64(newline - start + 1)
                start = newline + 1
            }
            carry.removeFirst(start - carry.startIndex)
        }
        if takeUnfinished, !carry.isEmpty {
            try emit(carry[...])
            consumed += Int64(carry.count)
        }
        return consumed
    }
}

extension FileLook {
    /// How the file at `path` looks now.
    ///
    /// - Throws: ``InputFileError`` when it cannot be examined.
    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputFileError(path: path, code: errno) }
        self.init(
            device: Int64(bitPattern: UInt64(info.st_dev)), inode: Int64(bitPattern: UInt64(info.st_ino)),
            size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
