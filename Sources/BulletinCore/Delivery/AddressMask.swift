/// Hides the mail addresses in a relay's reply before it is logged or stored: `<lucia@example.net> rejected`
/// becomes `<l…@example.net> rejected`.
///
/// Relays often quote the recipient (`550 5.1.1 <lucia@example.net>: Recipient address rejected`). The reply is
/// kept in the ledger, the send journal and the logs, which outlive a subscriber's erasure; the first letter and
/// the domain are enough to tell replies apart.
public enum AddressMask {
    /// `text` with the local part of every address cut to its first character and `…`.
    public static func masked(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var start = 0
        for (index, character) in characters.enumerated() where character == "@" && index > start {
            var first = index
            while first > start, isLocalPartCharacter(characters[first - 1]) { first -= 1 }
            guard first < index, index + 1 < characters.count, characters[index + 1] != "@" else { continue }
            result += String(characters[start..<first])
            result.append(characters[first])
            result += "…"
            start = index
        }
        result += String(characters[start...])
        return result
    }

    /// A character that can be part of a local part as relays quote it (RFC 5322 atext and the dot).
    private static func isLocalPartCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return !character.isWhitespace }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~.".contains(character)
        }
    }
}
