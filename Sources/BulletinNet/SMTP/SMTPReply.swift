/// One server reply: a three-digit code and its lines of text.
///
/// - SeeAlso: RFC 5321 §4.2 (a multi-line reply repeats the code with a hyphen on every line but the last).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The reply code, like 250.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    /// Creates a reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined by spaces.
    public var text: String { lines.joined(separator: " ") }

    /// Like `250 2.0.0 OK`.
    public var description: String { "\(code) \(text)" }
}

/// Assembles replies from the lines libcurl hands to the header callback, which may split or join lines.
struct SMTPReplyAssembler {
    private var pending: [UInt8] = []
    private var lines: [String] = []

    /// Feeds bytes; returns the replies they complete.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                pending.append(byte)
                continue
            }
            if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
            if let reply = take(line: pending) { replies.append(reply) }
            pending.removeAll(keepingCapacity: true)
        }
        return replies
    }

    private mutating func take(line: [UInt8]) -> SMTPReply? {
        guard line.count >= 3, let code = Int(String(decoding: line[0..<3], as: UTF8.self)) else { return nil }
        let isLast = line.count == 3 || line[3] != UInt8(ascii: "-")
        lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard isLast else { return nil }
        defer { lines.removeAll() }
        return SMTPReply(code: code, lines: lines)
    }
}
