/// Plain text from the HTML feeds put in summaries and titles: tags removed, entities decoded, whitespace
/// collapsed, and a cut at a word for a length limit.
public enum HTMLText {
    /// Elements whose content is not text a reader sees.
    static let invisible: Set<String> = [
        "script", "style", "iframe", "object", "embed", "noscript", "template", "head", "svg",
    ]

    /// Elements that separate text: a space is kept where one of them starts or ends.
    static let blocks: Set<String> = [
        "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "th",
        "table", "section", "article", "figure", "figcaption", "hr", "pre", "dd", "dt", "header", "footer",
    ]

    /// The visible text of `html`, on one line; with `keepingLines`, one line per block (a paragraph, a table
    /// row, a line break), as a report's text is read line by line.
    public static func plainText(_ html: String, keepingLines: Bool = false) -> String {
        let separator = keepingLines ? "\n" : " "
        var out = ""
        var hidden = 0
        for token in HTMLTokenizer(html).tokens() {
            switch token {
            case .text(let text):
                if hidden == 0 { out += HTMLEntities.decode(text) }
            case .start(let name, _, let selfClosing):
                if invisible.contains(name), !selfClosing { hidden += 1 }
                if blocks.contains(name) { out += separator } else if name == "img" { out += " " }
            case .end(let name):
                if invisible.contains(name) { hidden = max(0, hidden - 1) }
                if blocks.contains(name) { out += separator }
            case .other:
                break
            }
        }
        guard keepingLines else { return collapseWhitespace(out) }
        return out.split(separator: "\n").map { collapseWhitespace(String($0)) }.filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// Decodes entities and collapses runs of whitespace (including no-break spaces) to one space, trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{A0}" || scalar.value < 0x20 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` cut to at most `limit` characters at the end of a word, with `…` when something was cut.
    public static func truncate(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let room = text.prefix(limit - 1)
        var cut = room.endIndex
        if let space = room.lastIndex(of: " "), room.distance(from: room.startIndex, to: space) > limit / 2 {
            cut = space
        }
        var head = String(room[..<cut])
        while let last = head.last, last == " " || ",;:-–—".contains(last) { head.removeLast() }
        return head + "…"
    }
}
