import Foundation

/// The fields of a submitted form: `application/x-www-form-urlencoded` (what browsers send, and what RFC 8058
/// one-click unsubscribers send) or `multipart/form-data` (which RFC 8058 also allows).
///
/// - SeeAlso: WHATWG URL §5 (urlencoded), RFC 7578 (multipart/form-data), RFC 8058 §3.1.
struct FormBody: Sendable, Equatable {
    /// The fields in order; a name may repeat (checkboxes).
    var fields: [(name: String, value: String)]

    static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// The first value of a field.
    func first(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of a field, in order.
    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Reads a body by its Content-Type; any other type gives no fields.
    init(contentType: String?, body: [UInt8]) {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = Self.parameter("boundary", in: contentType ?? "") {
            fields = Self.multipart(body, boundary: boundary)
        } else if type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") {
            fields = Self.urlencoded(String(decoding: body, as: UTF8.self))
        } else {
            fields = []
        }
    }

    /// Reads `a=1&b=2`, with `+` for a space and percent-escapes.
    static func urlencoded(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) -> String in
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// A parameter of a header value, like `boundary` of `multipart/form-data; boundary="x"`.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let parts = piece.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == name else {
                continue
            }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Reads the parts of a multipart body: each part's `name` and its content (files are read as text too).
    static func multipart(_ body: [UInt8], boundary: String) -> [(name: String, value: String)] {
        let text = String(decoding: body, as: UTF8.self)
        var fields: [(name: String, value: String)] = []
        for part in text.components(separatedBy: "--" + boundary).dropFirst() {
            if part.hasPrefix("--") { break }
            var content = Substring(part)
            // "\r\n" is one Character in Swift: drop one line break, whichever it is.
            if content.first?.isNewline == true { content = content.dropFirst() }
            guard let split = content.range(of: "\r\n\r\n") ?? content.range(of: "\n\n") else { continue }
            let headers = content[..<split.lowerBound]
            var value = content[split.upperBound...]
            if value.last?.isNewline == true { value = value.dropLast() }
            let disposition = headers.split(whereSeparator: \.isNewline).first {
                $0.lowercased().hasPrefix("content-disposition:")
            }
            guard let disposition, let name = parameter("name", in: String(disposition)) else { continue }
            fields.append((name, String(value)))
        }
        return fields
    }
}
