/// One text part (text/plain or text/html), quoted-printable encoded once per issue and split around the
/// personal slots, so that a message only encodes the few personal values.
///
/// Each shared piece is encoded on its own, starting at the beginning of a line and ending with a soft line
/// break (`=` CRLF) when it does not end a line, which decodes to nothing; so the pieces join without changing
/// the text and every line stays within 76 octets.
///
/// - SeeAlso: RFC 2045 §6.7, RFC 2046 §4.1.
public struct BodyTemplate: Sendable {
    /// The part's media subtype.
    public enum Subtype: String, Sendable {
        /// `text/plain`.
        case plain
        /// `text/html`: slot values are HTML-escaped.
        case html
    }

    /// One piece of the encoded part.
    enum Piece: Sendable {
        /// Shared bytes, already encoded.
        case encoded([UInt8])
        /// A personal slot, by name.
        case slot(String)
    }

    /// The subtype.
    public let subtype: Subtype
    /// The pieces, in order.
    let pieces: [Piece]

    /// Splits rendered text at ``PersonalSlot/marker(_:)`` markers and encodes the shared pieces; a `fragment`
    /// (a topic section spliced into a part) ends with a soft line break when it does not end a line.
    public init(_ text: String, subtype: Subtype, fragment: Bool = false) {
        self.subtype = subtype
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var slotName: String.UnicodeScalarView?
        for scalar in text.unicodeScalars {
            if scalar == PersonalSlot.open {
                // An unclosed marker before this one is kept as text.
                if let open = slotName {
                    literal.append(PersonalSlot.open)
                    literal.append(contentsOf: open)
                }
                slotName = String.UnicodeScalarView()
            } else if scalar == PersonalSlot.close, let name = slotName {
                pieces.append(.encoded(Self.encodePiece(String(literal), last: false)))
                pieces.append(.slot(String(name)))
                literal = String.UnicodeScalarView()
                slotName = nil
            } else if slotName != nil {
                slotName?.append(scalar)
            } else {
                literal.append(scalar)
            }
        }
        if let open = slotName {
            literal.append(PersonalSlot.open)
            literal.append(contentsOf: open)
        }
        pieces.append(.encoded(Self.encodePiece(String(literal), last: !fragment)))
        self.pieces = pieces.filter {
            if case .encoded(let bytes) = $0 { return !bytes.isEmpty }
            return true
        }
    }

    /// The slot names the part uses, in order.
    public var slots: [String] {
        pieces.compactMap {
            if case .slot(let name) = $0 { return name }
            return nil
        }
    }

    /// Where each slot sits, in order, for a fragment spliced into a part: a slot ends a line only when the
    /// fragment's next piece starts with one.
    var fragmentPlacements: [SlotPlacement] {
        pieces.enumerated().compactMap { position, piece in
            guard case .slot = piece else { return nil }
            var endsLine = false
            if position + 1 < pieces.count, case .encoded(let next) = pieces[position + 1], next.first == 13 {
                endsLine = true
            }
            return SlotPlacement(subtype: subtype, endsLine: endsLine)
        }
    }

    /// Whether the part is the same for every message.
    public var isShared: Bool { slots.isEmpty }

    /// Where a slot sits in the message body.
    struct SlotPlacement: Sendable {
        /// The subtype of the part it is in.
        var subtype: Subtype
        /// Whether the part ends after it, or the next piece starts with a line break: then no soft break
        /// needs to follow it.
        var endsLine: Bool
    }

    /// Appends one slot's value, HTML-escaped in an HTML part, quoted-printable encoded from the start of a line.
    static func appendSlot(_ value: String, placement: SlotPlacement, to out: inout [UInt8]) {
        let text = placement.subtype == .html ? escapeHTML(value) : value
        var column = 0
        QuotedPrintable.append(Array(text.utf8), to: &out, column: &column, softBreakFollows: !placement.endsLine)
        if !placement.endsLine { QuotedPrintable.endPiece(&out, column: &column) }
    }

    private static func encodePiece(_ text: String, last: Bool) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        QuotedPrintable.append(Array(text.utf8), to: &out, column: &column, softBreakFollows: !last)
        if !last { QuotedPrintable.endPiece(&out, column: &column) }
        return out
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
    static func escapeHTML(_ text: String) -> String {
        let needsEscaping =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.contains { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }
            } ?? true
        guard needsEscaping else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
