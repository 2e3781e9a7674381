/// Writes one header field, folding it so that no line is longer than 76 octets where white space allows.
///
/// Words are never split; only a single word longer than a line (a long URL) makes a longer line, and the
/// writer never makes one longer than 998 octets from the words it is given.
///
/// - SeeAlso: RFC 5322 §2.1.1 (line length), §2.2.3 (folding), RFC 2047 §2 and §5 (encoded words).
public struct HeaderWriter: Sendable {
    /// The line length the writer folds at.
    public static let foldColumn = 76

    private var lines: [String] = []
    private var current: String
    private var currentHasWord = false
    private let foldPrefix: String

    /// Starts a field: `Name:`.
    ///
    /// - Parameter foldWithTab: start continuation lines with a tab rather than a space (DKIM-Signature).
    public init(name: String, foldWithTab: Bool = false) {
        current = name + ":"
        foldPrefix = foldWithTab ? "\t" : " "
    }

    /// Appends a word after `glue` (like `,` or `;`) and one space, folding before the word if it does not fit.
    ///
    /// - Parameter spaced: false joins the word to the previous one without a space unless the line is folded
    ///   there (for values where folding white space may appear but is not wanted, like DKIM's `b=`).
    public mutating func append(_ word: String, glue: String = "", spaced: Bool = true) {
        current += glue
        let separator = spaced ? 1 : 0
        if currentHasWord && current.utf8.count + separator + word.utf8.count > Self.foldColumn {
            lines.append(current)
            current = foldPrefix + word
        } else {
            current += (spaced ? " " : "") + word
        }
        currentHasWord = true
    }

    /// Appends text as space-separated words, or as RFC 2047 encoded words when ``HeaderText`` says it needs
    /// encoding. The text should already be neutralized.
    public mutating func appendText(_ text: String) {
        if HeaderText.needsEncoding(text) {
            appendEncodedWords(text)
        } else {
            for word in text.split(separator: " ") { append(String(word)) }
        }
    }

    /// Appends `=?utf-8?B?…?=` encoded words, each at most 75 characters and never splitting a character, sized
    /// to fill each line.
    ///
    /// - SeeAlso: RFC 2047 §2, §4.1, §5 (3).
    public mutating func appendEncodedWords(_ text: String) {
        let overhead = 12  // "=?utf-8?B?" and "?="
        var scalars = Substring(text).unicodeScalars[...]
        while !scalars.isEmpty {
            var room = Self.foldColumn - current.utf8.count - 1
            // Fold when not even a short word fits; after a long field name, right after the colon.
            if room < overhead + 8 {
                lines.append(current)
                current = ""
                room = Self.foldColumn - 1
            }
            let base64Room = (min(room, 75) - overhead) / 4 * 4
            let byteLimit = max(base64Room / 4 * 3, 4)
            var chunk: [UInt8] = []
            var taken = scalars.startIndex
            for scalar in scalars {
                let encoded = Array(String(scalar).utf8)
                if chunk.count + encoded.count > byteLimit && !chunk.isEmpty { break }
                chunk += encoded
                taken = scalars.index(after: taken)
            }
            scalars = scalars[taken...]
            current += " =?utf-8?B?" + Base64.encode(chunk) + "?="
            currentHasWord = true
        }
    }

    /// The field as bytes, each line ending in CRLF.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for line in lines + [current] {
            out += line.utf8
            out += [13, 10]
        }
        return out
    }
}
