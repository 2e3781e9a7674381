/// The site-relative path page views are counted under, shared by log lines and articles so that the two meet.
///
/// The query string and fragment are dropped, a trailing slash is removed (except from `/`), and the hex digits
/// of percent-escapes are upper-cased: `/news/a-b/?utm_source=x` and `/news/a-b` are one page.
public enum PagePath {
    /// File extensions that are pages; any other extension on the last segment is an asset (`.css`, `.png`…).
    public static let pageExtensions: Set<String> = ["html", "htm", "shtml", "php", "asp", "aspx", "jsp"]

    /// The normalized path of an absolute URL, or of a request target (`/a/b?x=1`, or `http://host/a/b`).
    public static func normalize(urlPath target: String) -> String {
        var bytes = Array(target.utf8)
        if let schemeEnd = findSchemeEnd(bytes) {
            // Absolute form: skip scheme://authority.
            var index = schemeEnd
            while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?"),
                bytes[index] != UInt8(ascii: "#")
            {
                index += 1
            }
            bytes = Array(bytes[index...])
        }
        return bytes.withUnsafeBufferPointer { normalize(bytes: $0) }
    }

    /// Normalizes a request target given as bytes (the fast path of the log importer).
    public static func normalize(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var end = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        while end > 1, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        if end == 0 { return "/" }
        var needsWork = bytes[0] != UInt8(ascii: "/")
        for index in 0..<end where bytes[index] == UInt8(ascii: "%") {
            needsWork = true
            break
        }
        if !needsWork {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end + 1)
        if bytes[0] != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < end {
                out.append(byte)
                out.append(upperHex(bytes[index + 1]))
                out.append(upperHex(bytes[index + 2]))
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a request target is a page rather than an asset: its last segment has no extension, or a page
    /// extension (see ``pageExtensions``).
    public static func isPage(_ target: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = 0
        while end < target.count, target[end] != UInt8(ascii: "?"), target[end] != UInt8(ascii: "#") { end += 1 }
        var dot = -1
        var index = end - 1
        while index >= 0 {
            let byte = target[index]
            if byte == UInt8(ascii: "/") { break }
            if byte == UInt8(ascii: "."), dot < 0 { dot = index }
            index -= 1
        }
        guard dot >= 0, dot < end - 1 else { return true }
        let length = end - dot - 1
        guard length <= 5 else { return true }
        var extensionText = ""
        for offset in (dot + 1)..<end {
            let byte = target[offset]
            extensionText.unicodeScalars.append(Unicode.Scalar(byte >= 65 && byte <= 90 ? byte + 32 : byte))
        }
        return pageExtensions.contains(extensionText)
    }

    private static func upperHex(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f") ? byte - 32 : byte
    }

    private static func findSchemeEnd(_ bytes: [UInt8]) -> Int? {
        guard let first = bytes.first, first != UInt8(ascii: "/") else { return nil }
        for index in 0..<min(bytes.count, 12) where bytes[index] == UInt8(ascii: ":") {
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                return index + 3
            }
            return nil
        }
        return nil
    }
}
