/// A rendered part (HTML or text) of one issue, split into shared bytes and per-subscriber slots, so that a
/// message costs a few appends instead of a template render.
///
/// The digest is rendered once with ``PersonalSlot/marker(_:)`` strings in place of the personal values (U+E000,
/// the slot name, U+E001 — private-use characters that Mustache's HTML escaping leaves alone). `preview` fills
/// them with this type; sending hands ``marked`` to the message builder's ``BodyTemplate``, which splits it the
/// same way and encodes the shared pieces once.
public struct PersonalizedTemplate: Sendable, Equatable {
    /// One piece of the part.
    public enum Segment: Sendable, Equatable {
        /// Shared UTF-8 bytes.
        case text([UInt8])
        /// A personal value, by slot name (``PersonalFields``).
        case slot(String)
    }

    /// How slot values are written.
    public enum Escaping: Sendable, Equatable {
        /// As they are (text parts).
        case none
        /// HTML-escaped (HTML parts).
        case html
    }

    /// The segments, in order.
    public let segments: [Segment]
    /// How slot values are written.
    public let escaping: Escaping
    /// The rendered text, markers included.
    public let marked: String

    /// The marker to render in place of a slot's value.
    public static func marker(_ slot: String) -> String { PersonalSlot.marker(slot) }

    private static let open = PersonalSlot.open
    private static let close = PersonalSlot.close

    /// Splits rendered text at its markers.
    public init(_ marked: String, escaping: Escaping) {
        self.marked = marked
        self.escaping = escaping
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var slot: String.UnicodeScalarView?
        for scalar in marked.unicodeScalars {
            if scalar == Self.open {
                if let unclosed = slot {
                    literal.append(Self.open)
                    literal.append(contentsOf: unclosed)
                }
                slot = String.UnicodeScalarView()
            } else if scalar == Self.close, let name = slot {
                if !literal.isEmpty { segments.append(.text(Array(String(literal).utf8))) }
                segments.append(.slot(String(name)))
                literal = String.UnicodeScalarView()
                slot = nil
            } else if slot != nil {
                slot?.append(scalar)
            } else {
                literal.append(scalar)
            }
        }
        if let unclosed = slot {
            literal.append(Self.open)
            literal.append(contentsOf: unclosed)
        }
        if !literal.isEmpty { segments.append(.text(Array(String(literal).utf8))) }
        self.segments = segments
    }

    /// The slot names used, in order.
    public var slots: [String] {
        segments.compactMap {
            if case .slot(let name) = $0 { return name }
            return nil
        }
    }

    /// The shared size in bytes, without slot values.
    public var sharedByteCount: Int {
        segments.reduce(0) {
            if case .text(let bytes) = $1 { return $0 + bytes.count }
            return $0
        }
    }

    /// Appends the part for one subscriber to `out`.
    public func fill(_ fields: PersonalFields, into out: inout [UInt8]) {
        for segment in segments {
            switch segment {
            case .text(let bytes): out.append(contentsOf: bytes)
            case .slot(let name):
                let value = fields.value(name)
                if escaping == .html { HTMLEscape.append(value, to: &out) } else { out.append(contentsOf: value.utf8) }
            }
        }
    }

    /// The part for one subscriber, as text.
    public func filled(_ fields: PersonalFields) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sharedByteCount + 512)
        fill(fields, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
