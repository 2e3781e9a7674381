/// One line of an Apache/nginx access log in the combined (or common) format, as byte ranges into the line.
///
/// `host ident user [day/Mon/year:hh:mm:ss zone] "METHOD target protocol" status bytes "referer" "user agent"`;
/// the common format stops after `bytes`. Ranges index the buffer the line was parsed from, so parsing copies
/// nothing.
///
/// - SeeAlso: Apache httpd mod_log_config, "Common Log Format" and "Combined Log Format".
public struct CombinedLogLine {
    /// The client address (IPv4, IPv6 or a host name).
    public var host: Range<Int>
    /// The request time, in seconds since 1970 (UTC).
    public var time: Int64
    /// The request method; empty when the request line is `-` or unreadable.
    public var method: Range<Int>
    /// The request target (`/a/b?c`); empty when the request line is `-` or unreadable.
    public var target: Range<Int>
    /// The response status.
    public var status: Int
    /// The user agent without its quotes; nil in the common format, empty for `-`.
    public var userAgent: Range<Int>?

    /// Parses one line (without its line feed).
    ///
    /// - Returns: nil when the line is not in the combined or common format.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>, timeCache: inout LogTimeCache) -> CombinedLogLine? {
        let count = line.count
        var index = 0
        @inline(__always) func skipSpaces() { while index < count, line[index] == 0x20 { index += 1 } }
        @inline(__always) func token() -> Range<Int>? {
            let start = index
            while index < count, line[index] != 0x20 { index += 1 }
            return index > start ? start..<index : nil
        }
        skipSpaces()
        guard let host = token() else { return nil }
        skipSpaces()
        guard token() != nil else { return nil }  // ident
        skipSpaces()
        // The user may hold spaces in broken logs; it ends where " [" starts.
        let userStart = index
        while index < count, line[index] != UInt8(ascii: "[") { index += 1 }
        guard index > userStart, index < count else { return nil }
        index += 1
        let timeStart = index
        while index < count, line[index] != UInt8(ascii: "]") { index += 1 }
        guard index < count, let time = timeCache.seconds(UnsafeBufferPointer(rebasing: line[timeStart..<index]))
        else { return nil }
        index += 1
        skipSpaces()
        guard index < count, line[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let requestStart = index
        guard let requestEnd = quotedEnd(line, from: index) else { return nil }
        index = requestEnd + 1
        var method = 0..<0
        var target = 0..<0
        var cursor = requestStart
        while cursor < requestEnd, line[cursor] != 0x20 { cursor += 1 }
        if cursor < requestEnd {
            method = requestStart..<cursor
            cursor += 1
            let targetStart = cursor
            while cursor < requestEnd, line[cursor] != 0x20 { cursor += 1 }
            target = targetStart..<cursor
        }
        skipSpaces()
        guard index + 3 <= count else { return nil }
        var status = 0
        for offset in 0..<3 {
            let digit = line[index + offset] &- 48
            guard digit < 10 else { return nil }
            status = status * 10 + Int(digit)
        }
        index += 3
        guard index == count || line[index] == 0x20 else { return nil }
        skipSpaces()
        guard token() != nil else { return nil }  // bytes, or -
        skipSpaces()
        var userAgent: Range<Int>?
        if index < count, line[index] == UInt8(ascii: "\"") {
            guard let refererEnd = quotedEnd(line, from: index + 1) else { return nil }
            index = refererEnd + 1
            skipSpaces()
            guard index < count, line[index] == UInt8(ascii: "\""),
                let agentEnd = quotedEnd(line, from: index + 1)
            else { return nil }
            userAgent = (index + 1)..<agentEnd
            if agentEnd - index - 1 == 1, line[index + 1] == UInt8(ascii: "-") { userAgent = agentEnd..<agentEnd }
        }
        return CombinedLogLine(
            host: host, time: time, method: method, target: target, status: status, userAgent: userAgent)
    }

    /// The index of the quote that closes a field starting at `start`; `\"` and `\\` are escapes.
    @inline(__always)
    static func quotedEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { return index }
            index += 1
        }
        return nil
    }
}
