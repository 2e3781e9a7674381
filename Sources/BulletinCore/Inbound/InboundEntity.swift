import Foundation

/// A message, or one part of a message, as received: its header fields and its body, with the parts of a multipart
/// body parsed in turn.
///
/// Built for reading reports, not for showing mail: it never fails. A truncated message, a missing boundary, bytes
/// that are not text all give an entity with what could be read. Parts are parsed to a bounded depth and count, and a
/// body is decoded only when asked, so a 50 MB attachment costs one scan for its boundary.
///
/// - SeeAlso: RFC 5322 (message format), RFC 2045 and RFC 2046 (MIME), RFC 2047 (encoded words).
public struct InboundEntity: Sendable {
    /// The header fields in order: lower-cased name, unfolded value.
    public let fields: [(name: String, value: String)]
    /// The body as sent, transfer encoding and all.
    public let rawBody: ArraySlice<UInt8>
    /// The parts of a multipart body (empty otherwise).
    public let parts: [InboundEntity]
    /// The content type; `text/plain` when none is given (RFC 2045 §5.2).
    public let contentType: MIMEContentType

    /// Nesting deeper than this is not parsed (a bomb of nested multiparts).
    static let maximumDepth = 8
    /// Parts beyond this many in one multipart are not parsed.
    static let maximumParts = 64

    /// Parses `bytes` (CRLF or LF line ends).
    public init(_ bytes: ArraySlice<UInt8>) {
        self.init(bytes, depth: 0)
    }

    init(_ bytes: ArraySlice<UInt8>, depth: Int) {
        let (fields, bodyStart) = Self.parseHeader(bytes)
        self.fields = fields
        self.rawBody = bytes[bodyStart...]
        let type = MIMEContentType(Self.field("content-type", in: fields))
        self.contentType = type
        if depth < Self.maximumDepth, type.isMultipart, let boundary = type.parameters["boundary"], !boundary.isEmpty {
            parts = Self.split(rawBody, boundary: boundary).prefix(Self.maximumParts).map {
                InboundEntity($0, depth: depth + 1)
            }
        } else if depth < Self.maximumDepth, type.isEmbeddedMessage {
            // message/rfc822 and friends: the body is itself a message (headers, then its body).
            parts = [InboundEntity(rawBody, depth: depth + 1)]
        } else {
            parts = []
        }
    }

    /// The first field called `name` (lower case), unfolded; nil when there is none.
    public func field(_ name: String) -> String? { Self.field(name, in: fields) }

    /// Every field called `name` (lower case).
    public func allFields(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// A header field's text with RFC 2047 encoded words decoded (`=?utf-8?B?…?=`).
    public func decodedField(_ name: String) -> String? { field(name).map(MIMEText.decodeEncodedWords) }

    /// The body with its transfer encoding (base64, quoted-printable) undone.
    public var decodedBody: [UInt8] {
        switch field("content-transfer-encoding")?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": return MIMEText.decodeBase64(rawBody)
        case "quoted-printable": return MIMEText.decodeQuotedPrintable(rawBody)
        default: return Array(rawBody)
        }
    }

    /// The body as text in its declared charset (UTF-8, Latin-1 or Windows-1252 when none is usable).
    public var text: String { MIMEText.string(decodedBody, charset: contentType.parameters["charset"]) }

    /// This entity and every part below it, depth first.
    public var allEntities: [InboundEntity] { [self] + parts.flatMap(\.allEntities) }

    /// The text of every `text/plain` part (or `text/html` with its tags removed when there is no plain part),
    /// outside embedded messages: what a person would read as the report's explanation.
    public var readableText: String {
        var plain: [String] = []
        var html: [String] = []
        func visit(_ entity: InboundEntity) {
            let type = entity.contentType
            if type.isEmbeddedMessage || type.type == "message" { return }
            if type.isMultipart {
                entity.parts.forEach(visit)
            } else if type.type == "text", type.subtype == "plain" {
                plain.append(entity.text)
            } else if type.type == "text", type.subtype == "html" {
                html.append(HTMLText.plainText(entity.text, keepingLines: true))
            }
        }
        visit(self)
        return (plain.isEmpty ? html : plain).joined(separator: "\n")
    }

    private static func field(_ name: String, in fields: [(name: String, value: String)]) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The header fields and where the body starts (after the blank line; the end when there is none).
    static func parseHeader(_ bytes: ArraySlice<UInt8>) -> ([(name: String, value: String)], Int) {
        var fields: [(name: String, value: String)] = []
        var index = bytes.startIndex
        var current: (name: String, value: [UInt8])?
        func finish() {
            if let field = current {
                fields.append(
                    (field.name, MIMEText.string(field.value, charset: nil).trimmingCharacters(in: .whitespaces)))
            }
            current = nil
        }
        while index < bytes.endIndex {
            var lineEnd = index
            while lineEnd < bytes.endIndex, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            if contentEnd == index {
                finish()
                return (fields, next)
            }
            let first = bytes[index]
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                current?.value.append(UInt8(ascii: " "))
                current?.value.append(contentsOf: Self.trimmed(bytes[index..<contentEnd]))
            } else if let colon = bytes[index..<contentEnd].firstIndex(of: UInt8(ascii: ":")) {
                finish()
                let name = String(decoding: bytes[index..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    .lowercased()
                current = (name, Array(bytes[(colon + 1)..<contentEnd]))
            } else if fields.isEmpty, current == nil {
                // No header at all (a body handed over on its own, or an mbox "From " line): it is all body.
                if index == bytes.startIndex, !bytes[index..<contentEnd].starts(with: Array("From ".utf8)) {
                    return ([], bytes.startIndex)
                }
            } else {
                // A line that is neither a field nor a continuation ends the header.
                finish()
                return (fields, index)
            }
            index = next
        }
        finish()
        return (fields, bytes.endIndex)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
            start += 1
        }
        return bytes[start...]
    }

    /// The parts between `--boundary` lines, without the line ends that belong to the delimiters; a missing
    /// closing delimiter ends the last part at the end of the body.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            var lineEnd = index
            while lineEnd < body.endIndex, body[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            // A delimiter line is the boundary, then "--" for the last one, then only white space (RFC 2046 §5.1.1);
            // a line that merely starts with it is text.
            let afterDelimiter = body[index..<lineEnd].dropFirst(delimiter.count)
            if body[index..<lineEnd].starts(with: delimiter),
                afterDelimiter.drop(while: { $0 == UInt8(ascii: "-") }).allSatisfy({
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
                })
            {
                if let start = partStart {
                    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                    var end = index
                    if end > start, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                    if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    parts.append(body[start..<end])
                }
                let rest = body[(index + delimiter.count)..<lineEnd]
                if rest.starts(with: Array("--".utf8)) { return parts }
                partStart = next
            }
            index = next
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}

/// A Content-Type field: type, subtype and parameters (names lower-cased, values unquoted).
public struct MIMEContentType: Sendable, Equatable {
    /// The type, lower case (`text`, `multipart`, `message`).
    public let type: String
    /// The subtype, lower case (`plain`, `report`, `delivery-status`).
    public let subtype: String
    /// The parameters (`boundary`, `charset`, `report-type`).
    public let parameters: [String: String]

    /// Parses a field value; nil or an unreadable value is `text/plain`.
    public init(_ value: String?) {
        guard let value, !value.isEmpty else {
            (type, subtype, parameters) = ("text", "plain", [:])
            return
        }
        let pieces = MIMEContentType.splitParameters(value)
        let media = (pieces.first ?? "").lowercased().split(separator: "/", maxSplits: 1).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if media.count == 2, !media[0].isEmpty {
            type = media[0]
            subtype = media[1]
        } else {
            type = "text"
            subtype = "plain"
        }
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
                raw = String(raw.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            parameters[name] = raw
        }
        self.parameters = parameters
    }

    /// `multipart/*`.
    public var isMultipart: Bool { type == "multipart" }

    /// A part whose body is a whole message (`message/rfc822`, `message/global`) or its header
    /// (`text/rfc822-headers`, `message/rfc822-headers`).
    public var isEmbeddedMessage: Bool {
        (type == "message" && ["rfc822", "global", "rfc822-headers", "global-headers"].contains(subtype))
            || (type == "text" && subtype == "rfc822-headers")
    }

    /// Splits at semicolons outside quotes.
    private static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
