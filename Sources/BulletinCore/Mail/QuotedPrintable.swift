/// The quoted-printable content transfer encoding, for UTF-8 text parts.
///
/// Line breaks in the input (CRLF, LF or a lone CR) become CRLF hard breaks; encoded lines are at most 76
/// octets, soft breaks included, and an `=XX` triplet is never split. The output is also stable under DKIM's
/// relaxed body canonicalization: it never has white space at the end of a line nor two white-space octets in a
/// row (a tab is always `=09`, the second of two spaces `=20`), so the bytes sent are the bytes hashed. A line that
/// starts with `.` gets `=2E` and one that starts with `From ` gets `=46`, so neither a relay's dot-stuffing nor
/// mbox `>From` quoting can touch the body.
///
/// - SeeAlso: RFC 2045 §6.7, RFC 6376 §3.4.4.
public enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    public static let maximumLineLength = 76

    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10
    private static let space: UInt8 = 32
    private static let equals: UInt8 = 61
    private static let dot: UInt8 = 46
    private static let letterF: UInt8 = 70
    private static let fromLine = Array("From ".utf8)

    private static func startsFromLine(_ bytes: [UInt8], at index: Int) -> Bool {
        index + fromLine.count <= bytes.count && bytes[index..<(index + fromLine.count)].elementsEqual(fromLine)
    }

    /// Encodes `text` as a whole part body.
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        append(Array(text.utf8), to: &out, column: &column)
        return out
    }

    /// Appends the encoding of `bytes` to `out`, continuing a line at `column` (0 after a line break).
    ///
    /// Call ``endPiece(_:column:)`` before appending a piece that must start at the beginning of a line.
    ///
    /// - Parameter softBreakFollows: the caller ends the piece with a soft break, so a space at its very end
    ///   may stay literal (it is followed by `=`, not by the end of a line).
    public static func append(
        _ bytes: [UInt8], to out: inout [UInt8], column: inout Int, softBreakFollows: Bool = false
    ) {
        out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == cr || byte == lf {
                out.append(cr)
                out.append(lf)
                column = 0
                index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                continue
            }
            let literal: Bool
            if byte == space {
                let next = index + 1 < count ? bytes[index + 1] : (softBreakFollows ? equals : cr)
                let previousIsSpace = column > 0 && out.last == space
                literal = next != cr && next != lf && !previousIsSpace
            } else if byte == dot {
                literal = column > 0
            } else if byte == letterF && column == 0 && startsFromLine(bytes, at: index) {
                // "From " at a line start gets ">" from mbox-style relays, which would break the DKIM body hash.
                literal = false
            } else {
                literal = byte > 32 && byte < 127 && byte != equals
            }
            let width = literal ? 1 : 3
            // Keep room for the soft-break "=" at the end of the line.
            if column + width > maximumLineLength - 1 {
                out.append(equals)
                out.append(cr)
                out.append(lf)
                column = 0
                if byte == dot || byte == space {
                    // At the start of the new line the choice above may differ; decide again.
                    continue
                }
            }
            if literal {
                out.append(byte)
            } else {
                out.append(equals)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
            column += width
            index += 1
        }
    }

    /// Ends a piece with a soft line break unless it already ends a line, so that the next piece starts at
    /// column 0 and can be encoded on its own.
    public static func endPiece(_ out: inout [UInt8], column: inout Int) {
        guard column > 0 else { return }
        out.append(equals)
        out.append(cr)
        out.append(lf)
        column = 0
    }
}
