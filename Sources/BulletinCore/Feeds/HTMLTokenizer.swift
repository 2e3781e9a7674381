/// Splits HTML into text, tags and comments: enough HTML for turning feed summaries into text and for
/// sanitizing them, without building a tree. Tolerant: a stray `<` that opens no tag is text.
struct HTMLTokenizer {
    /// One piece of the document.
    enum Token: Equatable {
        /// Text as written (entities not yet decoded).
        case text(String)
        /// `<name attr="value">`; the name lower-cased, attribute names lower-cased, values entity-decoded.
        case start(name: String, attributes: [(String, String)], selfClosing: Bool)
        /// `</name>`, lower-cased.
        case end(String)
        /// A comment, doctype or processing instruction: dropped by every user.
        case other

        static func == (lhs: Token, rhs: Token) -> Bool {
            switch (lhs, rhs) {
            case (.text(let a), .text(let b)): return a == b
            case (.end(let a), .end(let b)): return a == b
            case (.other, .other): return true
            case (.start(let a, let x, let p), .start(let b, let y, let q)):
                return a == b && p == q && x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: return false
            }
        }
    }

    private let scalars: [Unicode.Scalar]

    /// Tokenizes `html`.
    init(_ html: String) {
        scalars = Array(html.unicodeScalars)
    }

    /// Every token, in order.
    func tokens() -> [Token] {
        var result: [Token] = []
        var index = 0
        var text = String.UnicodeScalarView()
        func flushText() {
            if !text.isEmpty {
                result.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let (token, next) = tag(at: index) {
                flushText()
                result.append(token)
                index = next
                // Raw text elements: everything up to the matching end tag is their content, not markup.
                if case .start(let name, _, let selfClosing) = token, !selfClosing,
                    ["script", "style", "textarea", "title", "xmp"].contains(name)
                {
                    let close = Array("</\(name)".unicodeScalars)
                    var end = index
                    while end < scalars.count {
                        if scalars[end] == "<", end + close.count <= scalars.count,
                            zip(scalars[end..<(end + close.count)], close).allSatisfy({
                                Character($0).lowercased() == Character($1).lowercased()
                            })
                        {
                            break
                        }
                        end += 1
                    }
                    if end > index { result.append(.text(String(String.UnicodeScalarView(scalars[index..<end])))) }
                    index = end
                }
            } else {
                text.append(scalar)
                index += 1
            }
        }
        flushText()
        return result
    }

    private func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || (s.value >= 48 && s.value <= 57) || s == "-" || s == ":" || s == "_"
    }

    private func tag(at start: Int) -> (Token, Int)? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "!" || scalars[index] == "?" {
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] == "-" {
                var end = index + 3
                while end + 2 < scalars.count,
                    !(scalars[end] == "-" && scalars[end + 1] == "-" && scalars[end + 2] == ">")
                {
                    end += 1
                }
                return (.other, min(end + 3, scalars.count))
            }
            while index < scalars.count, scalars[index] != ">" { index += 1 }
            return (.other, min(index + 1, scalars.count))
        }
        let closing = scalars[index] == "/"
        if closing { index += 1 }
        let nameStart = index
        guard index < scalars.count, scalars[index].properties.isAlphabetic else { return nil }
        while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
        var attributes: [(String, String)] = []
        var selfClosing = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                index += 1
                return closing
                    ? (.end(name), index)
                    : (.start(name: name, attributes: attributes, selfClosing: selfClosing), index)
            }
            if scalar == "/" {
                selfClosing = true
                index += 1
                continue
            }
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            selfClosing = false
            let attributeStart = index
            while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != "=",
                scalars[index] != ">", scalars[index] != "/" || index == attributeStart
            {
                index += 1
            }
            let attributeName = String(String.UnicodeScalarView(scalars[attributeStart..<index])).lowercased()
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
                if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    let valueStart = index
                    while index < scalars.count, scalars[index] != quote { index += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                    index = min(index + 1, scalars.count)
                } else {
                    let valueStart = index
                    while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                        index += 1
                    }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                }
            }
            if !attributeName.isEmpty { attributes.append((attributeName, HTMLEntities.decode(value))) }
        }
        // A tag never closed: the rest is not markup we can trust; drop it.
        return (.other, scalars.count)
    }
}
