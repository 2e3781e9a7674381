/// Turns UTF-16 text arriving in chunks of bytes into UTF-8, for files that spreadsheets and analytics tools save
/// as "Unicode text" (UTF-16 with a byte-order mark: Excel's "Unicode Text", Matomo's CSV export).
///
/// Bytes that end a chunk in the middle of a code unit or of a surrogate pair are kept for the next chunk. Unpaired
/// surrogates become U+FFFD, as `String(decoding:as:)` would make them.
///
/// - SeeAlso: RFC 2781 (UTF-16), RFC 3629 (UTF-8).
struct UTF16Transcoder {
    /// The byte order of the code units.
    enum ByteOrder {
        case littleEndian, bigEndian
    }

    let byteOrder: ByteOrder
    /// Bytes read but not converted yet.
    private var pending: [UInt8] = []

    /// The byte order announced by a byte-order mark at the start of `bytes`, or nil when there is none.
    static func byteOrder(of bytes: ArraySlice<UInt8>) -> ByteOrder? {
        guard bytes.count >= 2 else { return nil }
        switch (bytes[bytes.startIndex], bytes[bytes.startIndex + 1]) {
        case (0xFF, 0xFE): return .littleEndian
        case (0xFE, 0xFF): return .bigEndian
        default: return nil
        }
    }

    init(byteOrder: ByteOrder) {
        self.byteOrder = byteOrder
    }

    /// Whether enough bytes wait that converting them will make room-sized output without reading more.
    var hasPending: Bool { pending.count >= 4 }

    /// Keeps `bytes` for conversion.
    mutating func append(_ bytes: ArraySlice<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// Converts what waits into UTF-8 at `output`, at most `capacity` bytes (at least 4).
    ///
    /// - Parameter final: the input has ended: an incomplete code unit or a lone high surrogate at the end is
    ///   converted (to U+FFFD) instead of waiting for more.
    /// - Returns: the number of UTF-8 bytes written.
    mutating func convert(into output: UnsafeMutablePointer<UInt8>, capacity: Int, final: Bool) -> Int {
        var written = 0
        var index = 0
        func unit(at offset: Int) -> UInt32 {
            let first = UInt32(pending[offset])
            let second = UInt32(pending[offset + 1])
            return byteOrder == .littleEndian ? first | second << 8 : first << 8 | second
        }
        while written + 4 <= capacity, index + 1 < pending.count {
            let value = unit(at: index)
            var scalar: UInt32
            if (0xD800..<0xDC00).contains(value) {
                if index + 3 < pending.count {
                    let low = unit(at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        index += 4
                    } else {
                        scalar = 0xFFFD
                        index += 2
                    }
                } else if final {
                    scalar = 0xFFFD
                    index += 2
                } else {
                    break
                }
            } else {
                scalar = (0xDC00..<0xE000).contains(value) ? 0xFFFD : value
                index += 2
            }
            written += Self.encode(scalar, into: output + written)
        }
        if final, index + 1 == pending.count, written + 3 <= capacity {
            // A last odd byte is half a code unit.
            written += Self.encode(0xFFFD, into: output + written)
            index += 1
        }
        pending.removeFirst(index)
        return written
    }

    private static func encode(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
