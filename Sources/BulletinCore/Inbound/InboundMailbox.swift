import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One received message as read from a mailbox, with where it came from.
public struct InboundItem: Sendable {
    /// Where it was found, for messages: a file path, `mbox-file#3`, or "standard input".
    public let source: String
    /// The message (at most ``InboundMailbox/maximumMessageSize`` bytes of it).
    public let bytes: [UInt8]
    /// The message was longer than the limit and only its beginning was read.
    public let isTruncated: Bool
    /// The file of a Maildir message in `new/`, to move to `cur/` once processed.
    let maildirFile: URL?
}

/// Reads messages from the places mail is left: one file, a folder of message files, a Maildir (its `new/`
/// messages, moved to `cur/` once processed), an mbox file, or standard input (`-`, one message, as a Postfix `pipe`
/// transport or a `.forward` hands it over).
///
/// An mbox is read as it streams, split at its `From ` lines, with mboxrd's `>From ` quoting undone, so a mailbox
/// of any size costs one message of memory. A message over ``maximumMessageSize`` is read to that size and marked
/// truncated: a report says what it is in its first kilobytes.
///
/// - SeeAlso: the Maildir specification (cr.yp.to/proto/maildir.html); RFC 4155 (the mbox format).
public enum InboundMailbox {
    /// The most of one message that is read.
    public static let maximumMessageSize = 32 << 20

    /// Calls `body` with each message found at `path`, in a stable order (file names sorted).
    ///
    /// - Throws: ``InboundMailboxError`` when the path is not there or cannot be read; what `body` throws.
    public static func read(_ path: String, _ body: (InboundItem) throws -> Void) throws {
        if path == "-" {
            let input = InputFile(fileDescriptor: 0, name: "standard input", closesOnDeinit: false)
            let (bytes, truncated) = try readWhole(input)
            try body(InboundItem(source: "standard input", bytes: bytes, isTruncated: truncated, maildirFile: nil))
            return
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InboundMailboxError.missing(path)
        }
        let url = URL(fileURLWithPath: path)
        if isFolder.boolValue {
            let new = url.appendingPathComponent("new")
            if isDirectory(new), isDirectory(url.appendingPathComponent("cur")) {
                for file in try files(in: new) {
                    let input: InputFile
                    do {
                        input = try InputFile(path: file.path)
                    } catch {
                        throw InboundMailboxError.unreadable(file.path, "\(error)")
                    }
                    let (bytes, truncated) = try readWhole(input)
                    try body(InboundItem(source: file.path, bytes: bytes, isTruncated: truncated, maildirFile: file))
                }
            } else {
                for file in try files(in: url) { try readFile(file.path, body) }
            }
            return
        }
        try readFile(path, body)
    }

    /// Moves a Maildir message from `new/` to `cur/` with the Seen flag, as a mail reader does: processed, not
    /// deleted. Other messages are left where they are.
    ///
    /// - Throws: ``InboundMailboxError/cannotMove(_:_:)``.
    public static func markProcessed(_ item: InboundItem) throws {
        guard let file = item.maildirFile else { return }
        let name = file.lastPathComponent
        let base = name.split(separator: ":").first.map(String.init) ?? name
        let target = file.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("cur")
            .appendingPathComponent(base + ":2,S")
        guard rename(file.path, target.path) == 0 else {
            throw InboundMailboxError.cannotMove(file.path, String(cString: strerror(errno)))
        }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    private static func files(in folder: URL) throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw InboundMailboxError.unreadable(folder.path, "\(error.localizedDescription)")
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }.filter {
            !isDirectory($0)
        }
    }

    /// One file: an mbox when it starts with a `From ` line, else one message.
    private static func readFile(_ path: String, _ body: (InboundItem) throws -> Void) throws {
        let input: InputFile
        do {
            input = try InputFile(path: path)
        } catch {
            throw InboundMailboxError.unreadable(path, "\(error)")
        }
        var splitter = MboxSplitter()
        var first = true
        var isMbox = false
        var single: [UInt8] = []
        var truncated = false
        try forEachChunk(of: input) { chunk in
            if first {
                first = false
                isMbox = chunk.starts(with: Array("From ".utf8))
            }
            if isMbox {
                try splitter.append(chunk) { message, index, cut in
                    try body(
                        InboundItem(source: "\(path)#\(index)", bytes: message, isTruncated: cut, maildirFile: nil))
                }
            } else {
                append(chunk, to: &single, truncated: &truncated)
            }
        }
        if isMbox {
            try splitter.finish { message, index, cut in
                try body(InboundItem(source: "\(path)#\(index)", bytes: message, isTruncated: cut, maildirFile: nil))
            }
        } else {
            try body(InboundItem(source: path, bytes: single, isTruncated: truncated, maildirFile: nil))
        }
    }

    private static func readWhole(_ input: InputFile) throws -> ([UInt8], Bool) {
        var bytes: [UInt8] = []
        var truncated = false
        try forEachChunk(of: input) { append($0, to: &bytes, truncated: &truncated) }
        return (bytes, truncated)
    }

    /// Calls `body` with each chunk of up to 64 KiB read from `input`, to its end.
    private static func forEachChunk(of input: InputFile, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try input.read(into: base, count: raw.count)
            }
            if count == 0 { return }
            try body(buffer[..<count])
        }
    }

    /// Appends what fits under ``maximumMessageSize``; sets `truncated` when something did not.
    private static func append(_ chunk: ArraySlice<UInt8>, to message: inout [UInt8], truncated: inout Bool) {
        let room = maximumMessageSize - message.count
        if chunk.count > room { truncated = true }
        message.append(contentsOf: chunk.prefix(max(room, 0)))
    }
}

/// Splits an mbox stream into messages at `From ` lines that start the file or follow an empty line, dropping the
/// `From ` line itself and undoing mboxrd quoting (`>From ` → `From `, `>>From ` → `>From `).
struct MboxSplitter {
    private var pending: [UInt8] = []
    private var message: [UInt8] = []
    private var truncated = false
    private var index = 0
    private var started = false
    private var previousLineBlank = true

    mutating func append(_ chunk: ArraySlice<UInt8>, _ emit: ([UInt8], Int, Bool) throws -> Void) throws {
        pending.append(contentsOf: chunk)
        var lineStart = 0
        while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            try line(pending[lineStart...newline], emit)
            lineStart = newline + 1
        }
        pending.removeFirst(lineStart)
        // A "line" longer than any message we keep (a file with no line ends) is taken as it is, so that memory
        // stays one message's worth.
        if pending.count > InboundMailbox.maximumMessageSize {
            try line(pending[...], emit)
            pending = []
        }
    }

    mutating func finish(_ emit: ([UInt8], Int, Bool) throws -> Void) throws {
        if !pending.isEmpty { try line(pending[...], emit) }
        pending = []
        if started { try emit(message, index, truncated) }
    }

    private mutating func line(_ line: ArraySlice<UInt8>, _ emit: ([UInt8], Int, Bool) throws -> Void) throws {
        let isBlank = line.allSatisfy { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        if previousLineBlank, line.starts(with: Array("From ".utf8)) {
            if started {
                // The blank line before a separator belongs to the mbox, not to the message.
                while let last = message.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                    message.removeLast()
                }
                message.append(UInt8(ascii: "\n"))
                try emit(message, index, truncated)
            }
            started = true
            index += 1
            message = []
            truncated = false
            previousLineBlank = false
            return
        }
        previousLineBlank = isBlank
        guard started else { return }
        var text = line
        if let first = text.firstIndex(where: { $0 != UInt8(ascii: ">") }), first > text.startIndex,
            text[first...].starts(with: Array("From ".utf8))
        {
            text = text.dropFirst()
        }
        if message.count + text.count <= InboundMailbox.maximumMessageSize {
            message.append(contentsOf: text)
        } else {
            truncated = true
        }
    }
}

/// A mailbox that cannot be read.
public enum InboundMailboxError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Nothing is at the path.
    case missing(String)
    /// The file or folder cannot be read.
    case unreadable(String, String)
    /// A processed Maildir message cannot be moved to `cur/`.
    case cannotMove(String, String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "there is nothing at \(path); give a message file, a folder, a Maildir, an mbox, or - for "
                + "standard input."
        case .unreadable(let path, let reason):
            return "\(path) cannot be read (\(reason)); check its permissions."
        case .cannotMove(let path, let reason):
            return "\(path) cannot be moved to cur/ (\(reason)); check the Maildir's permissions."
        }
    }
}
