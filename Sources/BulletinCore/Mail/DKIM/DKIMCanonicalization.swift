/// DKIM's "relaxed" canonicalization of header fields and of the body.
///
/// - SeeAlso: RFC 6376 §3.4.2 (headers), §3.4.4 (body).
public enum DKIMCanonicalization {
    private static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    /// One header field, `Name: value` with any folding and with or without its final CRLF, in relaxed form:
    /// the name lower-cased, the value unfolded, white-space runs made one space, white space around the colon
    /// and at the end removed; ending in CRLF.
    public static func relaxedHeader(_ field: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var inName = true
        var pendingSpace = false
        var valueStarted = false
        for byte in field {
            if byte == 13 || byte == 10 { continue }
            if inName {
                if byte == 58 {
                    while let last = out.last, isWhiteSpace(last) { out.removeLast() }
                    out.append(58)
                    inName = false
                } else {
                    out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
                }
                continue
            }
            if isWhiteSpace(byte) {
                pendingSpace = valueStarted
                continue
            }
            if pendingSpace { out.append(32) }
            pendingSpace = false
            valueStarted = true
            out.append(byte)
        }
        out += [13, 10]
        return out
    }

    /// A body in relaxed form: white space at line ends removed, runs made one space, empty lines at the end
    /// removed, and a non-empty body ending in CRLF.
    public static func relaxedBody(_ body: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var pendingSpace = false
        var bytes = Array(body)
        if bytes.last != 10 && !bytes.isEmpty { bytes += [13, 10] }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 {
                pendingSpace = false
                out += [13, 10]
                index += 2
                continue
            }
            if isWhiteSpace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(32) }
                pendingSpace = false
                out.append(byte)
            }
            index += 1
        }
        while out.count >= 4 && out.suffix(4).elementsEqual([13, 10, 13, 10]) { out.removeLast(2) }
        if out == [13, 10] { return [] }
        return out
    }
}
