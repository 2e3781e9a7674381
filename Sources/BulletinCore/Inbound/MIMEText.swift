import Foundation

/// Decoding what mail carries: transfer encodings, charsets and encoded words, leniently (a report is read, not
/// validated: a bad byte becomes U+FFFD, never an error).
///
/// - SeeAlso: RFC 2045 §6.7 (quoted-printable), §6.8 (base64); RFC 2047 (encoded words).
public enum MIMEText {
    /// Base64 to bytes; characters outside the alphabet (line ends, spaces) are skipped.
    public static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): return out
            default: continue
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }

    /// Quoted-printable to bytes: `=XX` escapes and soft line breaks (`=` at the end of a line) undone.
    public static func decodeQuotedPrintable(
        _ bytes: some Collection<UInt8>, underscoreIsSpace: Bool = false
    )
        -> [UInt8]
    {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 1 < input.count, input[index + 1] == UInt8(ascii: "\n") {
                    index += 2
                    continue
                }
                if index + 2 < input.count, input[index + 1] == UInt8(ascii: "\r"),
                    input[index + 2] == UInt8(ascii: "\n")
                {
                    index += 3
                    continue
                }
                if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
                {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            out.append(underscoreIsSpace && byte == UInt8(ascii: "_") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Bytes as text in `charset`; UTF-8 when it is valid UTF-8 or the charset is unknown, else Windows-1252.
    public static func string(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        let name = charset?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let data = Data(bytes)
        if let encoding = encoding(named: name), encoding != .utf8, let text = String(data: data, encoding: encoding) {
            return text
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    }

    private static func encoding(named name: String) -> String.Encoding? {
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "": return .utf8
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1": return .isoLatin1
        case "windows-1252", "cp1252": return .windowsCP1252
        case "iso-8859-2", "latin2": return .isoLatin2
        case "windows-1251", "cp1251": return .windowsCP1251
        case "utf-16": return .utf16
        default: return nil
        }
    }

    /// A header value with its RFC 2047 encoded words (`=?charset?B|Q?text?=`) decoded; white space between two
    /// encoded words is dropped, as the RFC says.
    public static func decodeEncodedWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var rest = Substring(value)
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            let pieces = afterStart.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="), pieces[1].count == 1 else {
                result += before + "=?"
                rest = afterStart
                lastWasEncoded = false
                continue
            }
            if !(lastWasEncoded && before.allSatisfy(\.isWhitespace)) { result += before }
            let charset = String(pieces[0].split(separator: "*").first ?? "")
            let payload = Array(pieces[2].utf8)
            let bytes =
                pieces[1].lowercased() == "b"
                ? decodeBase64(payload) : decodeQuotedPrintable(payload, underscoreIsSpace: true)
            result += string(bytes, charset: charset)
            rest = pieces[3].dropFirst()
            lastWasEncoded = true
        }
        return result + rest
    }
}
