import Foundation

/// Reads what tests need out of a raw message: the decoded text part and the links in it.
enum MailText {
    /// The message with quoted-printable soft breaks and escapes decoded (good enough to find links).
    static func decoded(_ bytes: [UInt8]) -> String {
        let raw = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        var out: [UInt8] = []
        let scalars = Array(raw.utf8)
        var index = 0
        while index < scalars.count {
            if scalars[index] == UInt8(ascii: "="), index + 2 < scalars.count,
                let byte = UInt8(String(decoding: scalars[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                index += 3
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first link in `text` under `prefix` (like `https://news.example.org/confirm?token=`).
    static func link(_ prefix: String, in text: String) -> String? {
        guard let start = text.range(of: prefix) else { return nil }
        let rest = text[start.lowerBound...]
        let end = rest.firstIndex { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" } ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The `token` value of a link.
    static func token(of link: String) -> String? {
        URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value
    }

    /// The token of the first `<base>/confirm?token=` link in a raw message.
    static func confirmToken(in message: [UInt8], base: String = "https://news.example.org") -> String? {
        link(base + "/confirm?token=", in: decoded(message)).flatMap(token(of:))
    }
}
