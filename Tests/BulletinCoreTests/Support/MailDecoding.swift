import BulletinCore
import Foundation

/// Small decoders the tests use to read back what the encoders wrote.
enum MailDecoding {
    /// Decodes quoted-printable; line ends come back as LF.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                    index += 3
                    continue
                }
                if index + 2 < bytes.count,
                    let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                {
                    out.append(value)
                    index += 3
                    continue
                }
            }
            if byte == 13 {
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The unfolded value of the first header field named `name`, with encoded words decoded.
    static func header(_ name: String, in message: [UInt8]) -> String? {
        let text = String(decoding: message, as: UTF8.self)
        guard let head = text.components(separatedBy: "\r\n\r\n").first else { return nil }
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":")
        {
            return decodeWords(String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Decodes `=?utf-8?B?…?=` words, dropping the white space between adjacent ones.
    static func decodeWords(_ text: String) -> String {
        var result = ""
        var previousWasWord = false
        for word in text.components(separatedBy: " ") {
            if word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
                let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            {
                result += String(decoding: data, as: UTF8.self)
                previousWasWord = true
            } else {
                result += (result.isEmpty ? "" : " ") + word
                previousWasWord = false
            }
            _ = previousWasWord
        }
        return result
    }

    /// The message's lines, split at CRLF.
    static func lines(_ message: [UInt8]) -> [String] {
        String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n")
    }
}
