import BulletinCore
import Foundation

/// The SQL condition for ``SubscriberFilter/search``: addresses or names containing a text, in any case.
///
/// - ASCII text is matched with SQLite's `LIKE`, which ignores the case of ASCII letters and is the fastest way
///   through a long list. `%`, `_` and `\` in the text are taken literally.
/// - Any other text is folded with ``CaseFolding`` and looked for in each name folded the same way
///   (`bulletin_fold`), so that `иван` finds `Иван` and `MÜLLER` finds `Heidi Müller`. Stored addresses are ASCII
///   (their domains in Punycode), so they are matched through the text's ASCII form instead: each part of the text
///   between dots and `@` that is not ASCII is written the way ``EmailAddress`` stores a domain label
///   (`bücher` → `xn--bcher-kva`, `kunde@BÜCHER.de` → `kunde@xn--bcher-kva.de`). Such a part matches only a whole
///   label: `bücher` finds `kunde@bücher.de`, `büch` does not.
struct SubscriberSearch {
    /// The text as given.
    let text: String

    /// The condition, its values numbered from `firstIndex` (`?firstIndex`, `?firstIndex+1`).
    func condition(firstIndex: Int) -> (sql: String, values: [SQLValue]) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Self.like(text, firstIndex: firstIndex) }
        let folded = CaseFolding.fold(text)
        // A text that folds to ASCII (the Kelvin sign folds to `k`) is an ASCII search.
        if folded.utf8.allSatisfy({ $0 < 0x80 }) { return Self.like(folded, firstIndex: firstIndex) }
        var sql = "instr(\(CaseFolding.functionName)(name), ?\(firstIndex)) > 0"
        var values: [SQLValue] = [.text(folded)]
        if let ascii = Self.asciiDomainForm(of: text) {
            sql += " OR email LIKE ?\(firstIndex + 1) ESCAPE '\\'"
            values.append(.text(Self.likePattern(ascii)))
        }
        return ("(\(sql))", values)
    }

    /// `email LIKE … OR name LIKE …` with `text` taken literally.
    private static func like(_ text: String, firstIndex: Int) -> (sql: String, values: [SQLValue]) {
        (
            "(email LIKE ?\(firstIndex) ESCAPE '\\' OR name LIKE ?\(firstIndex) ESCAPE '\\')",
            [.text(likePattern(text))]
        )
    }

    /// A `LIKE … ESCAPE '\'` pattern for values containing `text`, its wildcards escaped.
    static func likePattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }

    /// `text` with each non-ASCII part between dots and `@` written as a stored domain label (`xn--…`), the ASCII
    /// parts lower-cased.
    ///
    /// - Returns: nil when a non-ASCII part cannot be a domain label (it holds a space or punctuation), so no stored
    ///   address can contain it, or when the text has no non-ASCII part.
    static func asciiDomainForm(of text: String) -> String? {
        var result = ""
        var converted = false
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: { $0 == "." || $0 == "@" }) ?? rest.endIndex
            let label = rest[..<end]
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                result += label.lowercased()
            } else {
                // The same normalization as a stored address's domain: NFC, lower case, Punycode.
                let normalized = Substring(label.precomposedStringWithCanonicalMapping.lowercased())
                guard let ascii = try? EmailAddress.storedLabel(normalized, address: text) else { return nil }
                result += ascii
                converted = true
            }
            guard end < rest.endIndex else { break }
            result.append(rest[end])
            rest = rest[rest.index(after: end)...]
        }
        return converted ? result : nil
    }
}
