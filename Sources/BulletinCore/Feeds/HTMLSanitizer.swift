import Foundation

/// Makes a feed's HTML safe to put in a newsletter: only an allow-list of elements and attributes is kept,
/// so scripts, styles, event handlers (`onclick`…), iframes, forms and `javascript:` links are gone.
///
/// The content of `script`, `style`, `iframe`, `object` and `embed` is dropped with them; other unknown elements
/// are unwrapped (their text kept). Text is re-escaped and every kept tag is re-written, so no markup from the
/// feed reaches the output unchecked.
public enum HTMLSanitizer {
    /// The elements kept.
    public static let allowedElements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul",
    ]

    /// The attributes kept, per element; `*` applies to all.
    public static let allowedAttributes: [String: Set<String>] = [
        "*": ["title", "lang", "dir"],
        "a": ["href"],
        "img": ["src", "alt", "width", "height"],
        "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"],
        "time": ["datetime"], "blockquote": ["cite"], "q": ["cite"], "ol": ["start"],
    ]

    static let voidElements: Set<String> = ["br", "hr", "img"]

    /// The sanitized HTML of `html`.
    ///
    /// - Parameter base: where relative `href` and `src` values point; without it they are kept relative.
    public static func sanitize(_ html: String, base: URL? = nil) -> String {
        var out = ""
        var hidden = 0
        var open: [String] = []
        for token in HTMLTokenizer(html).tokens() {
            switch token {
            case .text(let text):
                if hidden == 0 { out += escape(HTMLEntities.decode(text)) }
            case .start(let name, let attributes, let selfClosing):
                if HTMLText.invisible.contains(name)
                    || ["form", "button", "input", "select", "textarea"].contains(name)
                {
                    if !selfClosing, !voidElements.contains(name), HTMLText.invisible.contains(name) { hidden += 1 }
                    continue
                }
                guard hidden == 0, allowedElements.contains(name) else { continue }
                out += "<" + name
                for (attribute, value) in attributes where isAllowed(attribute, on: name) {
                    guard let safe = safeValue(attribute, value, base: base) else { continue }
                    out += " \(attribute)=\"\(escape(safe, quotes: true))\""
                }
                if name == "a" { out += " rel=\"noopener\"" }
                out += ">"
                if !voidElements.contains(name), !selfClosing { open.append(name) }
            case .end(let name):
                if HTMLText.invisible.contains(name) {
                    hidden = max(0, hidden - 1)
                    continue
                }
                guard hidden == 0, let position = open.lastIndex(of: name) else { continue }
                // Close what the feed left open inside this element.
                for inner in open[position...].reversed() { out += "</\(inner)>" }
                open.removeSubrange(position...)
            case .other:
                break
            }
        }
        for name in open.reversed() { out += "</\(name)>" }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isAllowed(_ attribute: String, on element: String) -> Bool {
        allowedAttributes["*", default: []].contains(attribute)
            || allowedAttributes[element, default: []].contains(attribute)
    }

    private static func safeValue(_ attribute: String, _ value: String, base: URL?) -> String? {
        guard attribute == "href" || attribute == "src" || attribute == "cite" else { return value }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let compact = String(trimmed.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 })
            .lowercased()
        if let colon = compact.firstIndex(of: ":"), !compact[..<colon].contains("/") {
            let scheme = compact[..<colon]
            guard ["http", "https", "mailto"].contains(scheme) else { return nil }
            return trimmed
        }
        if let base, let resolved = URL(string: trimmed, relativeTo: base)?.absoluteString { return resolved }
        return trimmed
    }

    /// Escapes `&`, `<`, `>` (and `"` in attribute values).
    static func escape(_ text: String, quotes: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
