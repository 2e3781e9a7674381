/// Makes untrusted text safe for a header: no CR, LF or other control character can get through, so no value
/// can end a header early or start a new one.
///
/// - SeeAlso: RFC 5322 §2.2, §3.2.5.
public enum HeaderText {
    /// The text with every line break, tab and Unicode line or paragraph separator turned into a space, every
    /// other control character (C0, DEL, C1) and every Unicode format or noncharacter dropped, runs of spaces
    /// collapsed and the ends trimmed.
    public static func neutralized(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            var isBreak = value == 0x09 || (value >= 0x0A && value <= 0x0D) || value == 0x20 || value == 0x85
            var drop = false
            if value >= 0x80 && !isBreak {
                // One table lookup for everything above ASCII.
                switch scalar.properties.generalCategory {
                case .spaceSeparator, .lineSeparator, .paragraphSeparator: isBreak = true
                case .control, .format, .surrogate: drop = true
                case .unassigned: drop = scalar.properties.isNoncharacterCodePoint
                default: break
                }
            } else if !isBreak {
                drop = value < 0x20 || value == 0x7F
            }
            if isBreak {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
            } else if !drop {
                scalars.append(scalar)
                lastWasSpace = false
            }
        }
        if scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    /// Printable ASCII with single spaces between words: nothing to neutralize (the common case, checked fast).
    private static func isPlainASCII(_ text: String) -> Bool {
        var previous: UInt8 = 32
        for byte in text.utf8 {
            guard byte >= 32 && byte < 127, !(byte == 32 && previous == 32) else { return false }
            previous = byte
        }
        return previous != 32
    }

    /// Whether a header field name is legal: 1–76 printable US-ASCII characters other than the colon.
    ///
    /// - SeeAlso: RFC 5322 §2.2, §3.6.8.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 76 && name.utf8.allSatisfy { $0 >= 33 && $0 <= 126 && $0 != 58 }
    }

    /// Whether a raw value from configuration is safe to put in a header as it is: printable US-ASCII and
    /// spaces only, at most 900 octets.
    public static func isSafeASCIIValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 900 && value.utf8.allSatisfy { $0 >= 32 && $0 <= 126 }
    }

    /// Whether text needs RFC 2047 encoding: it has non-ASCII characters, something that reads as an encoded
    /// word, or a word too long to fold.
    static func needsEncoding(_ text: String) -> Bool {
        if text.utf8.contains(where: { $0 >= 0x80 }) || text.contains("=?") { return true }
        return text.split(separator: " ").contains { $0.utf8.count > 60 }
    }
}
