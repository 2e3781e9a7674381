/// An editor's note at the top of an issue (`bulletin digest note`), written in a small Markdown subset:
/// paragraphs (separated by a blank line), links `[text](https://…)`, `*emphasis*` or `_emphasis_`, and
/// `**strong**`. Everything else is text: HTML in the note is shown as written, never interpreted.
///
/// Hand-written: none of the packages Bulletin may use renders Markdown, and the subset is small.
public struct EditorNote: Sendable, Equatable {
    /// The note as the editor wrote it.
    public var source: String

    /// A note.
    public init(_ source: String) {
        self.source = source
    }

    /// The paragraphs, each a list of inline pieces.
    var paragraphs: [[Inline]] {
        source.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n")
            .split { $0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { lines in Self.inline(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")) }
    }

    /// The note as HTML: one `<p>` per paragraph, escaped, with only http, https and mailto links.
    public var html: String {
        paragraphs.map { "<p style=\"margin:0 0 10px 0;\">" + $0.map(\.html).joined() + "</p>" }.joined(separator: "\n")
    }

    /// The note as text: paragraphs wrapped at 72 columns, links as "text (address)", emphasis marks removed.
    public var text: String {
        paragraphs.map { TextWrap.wrap($0.map(\.text).joined()) }.joined(separator: "\n\n")
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped.
    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        HTMLEscape.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A piece of a paragraph.
    enum Inline: Equatable {
        case text(String)
        case emphasis(String)
        case strong(String)
        case link(text: String, url: String)

        var html: String {
            switch self {
            case .text(let text): EditorNote.escaped(text)
            case .emphasis(let text): "<em>" + EditorNote.escaped(text) + "</em>"
            case .strong(let text): "<strong>" + EditorNote.escaped(text) + "</strong>"
            case .link(let text, let url):
                "<a href=\"" + EditorNote.escaped(url) + "\" style=\"color:#a3341f;\">" + EditorNote.escaped(text)
                    + "</a>"
            }
        }

        var text: String {
            switch self {
            case .text(let text), .emphasis(let text), .strong(let text): text
            case .link(let text, let url): text == url ? url : "\(text) (\(url))"
            }
        }
    }

    /// Reads the inline marks of one paragraph; an unclosed mark or a link to another scheme stays text.
    static func inline(_ paragraph: String) -> [Inline] {
        var pieces: [Inline] = []
        var plain = ""
        var rest = Substring(paragraph)
        func flush() {
            if !plain.isEmpty { pieces.append(.text(plain)) }
            plain = ""
        }
        while let first = rest.first {
            if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**"),
                end.lowerBound > rest.index(rest.startIndex, offsetBy: 2)
            {
                flush()
                pieces.append(.strong(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))
                rest = rest[end.upperBound...]
            } else if first == "*" || first == "_", let end = rest.dropFirst().firstIndex(of: first),
                end > rest.index(after: rest.startIndex), rest[rest.index(after: rest.startIndex)] != " "
            {
                flush()
                pieces.append(.emphasis(String(rest[rest.index(after: rest.startIndex)..<end])))
                rest = rest[rest.index(after: end)...]
            } else if first == "[", let close = rest.firstIndex(of: "]"), rest[close...].dropFirst().first == "(",
                let end = rest[close...].firstIndex(of: ")")
            {
                let text = String(rest[rest.index(after: rest.startIndex)..<close])
                let url = String(rest[rest.index(close, offsetBy: 2)..<end]).trimmingCharacters(in: .whitespaces)
                let scheme = url.lowercased()
                guard !text.isEmpty,
                    scheme.hasPrefix("https://") || scheme.hasPrefix("http://") || scheme.hasPrefix("mailto:")
                else {
                    plain.append(first)
                    rest = rest.dropFirst()
                    continue
                }
                flush()
                pieces.append(.link(text: text, url: url))
                rest = rest[rest.index(after: end)...]
            } else {
                plain.append(first)
                rest = rest.dropFirst()
            }
        }
        flush()
        return pieces
    }
}
