/// The parts of an issue's HTML that speak to the reader it was mailed to, and their removal for everyone else.
///
/// A template marks such an element with the `data-personal` attribute (the stock footer's "You receive … at
/// your address because you subscribed" line). The web archive shows an issue to any visitor, so it leaves those
/// elements out; a message keeps them.
public enum PersonalParts {
    /// The attribute that marks an element as personal.
    public static let attribute = "data-personal"

    /// `html` without the elements that carry ``attribute``, each with everything inside it (nested elements of
    /// the same tag included). An element whose end tag is missing is left as it is.
    public static func removed(from html: String) -> String {
        var result = Substring(html)
        var output = ""
        while let range = nextMarkedElement(in: result) {
            output += result[..<range.lowerBound]
            result = result[range.upperBound...]
        }
        output += result
        return output
    }

    /// The range of the first marked element, from its start tag through its matching end tag.
    private static func nextMarkedElement(in html: Substring) -> Range<Substring.Index>? {
        var searchFrom = html.startIndex
        while let attribute = html[searchFrom...].range(of: " " + Self.attribute) {
            searchFrom = attribute.upperBound
            // The attribute must be a whole name inside a start tag: followed by space, '=', '>' or '/'.
            guard let next = html[attribute.upperBound...].first, " =>/\t\n".contains(next),
                let open = html[..<attribute.lowerBound].lastIndex(of: "<"),
                html[open..<attribute.lowerBound].firstIndex(of: ">") == nil
            else { continue }
            let name = html[html.index(after: open)...].prefix { $0.isLetter || $0.isNumber }.lowercased()
            guard !name.isEmpty, let end = matchingEnd(of: name, in: html, after: attribute.upperBound) else {
                continue
            }
            return open..<end
        }
        return nil
    }

    /// Where the end tag closing an element `name` opened before `start` ends, counting nested ones.
    private static func matchingEnd(
        of name: String, in html: Substring, after start: Substring.Index
    )
        -> Substring.Index?
    {
        var depth = 1
        var index = start
        while let tag = html[index...].range(of: "<") {
            let rest = html[tag.upperBound...]
            let closing = rest.first == "/"
            let tagName = rest.dropFirst(closing ? 1 : 0).prefix { $0.isLetter || $0.isNumber }.lowercased()
            guard let close = rest.firstIndex(of: ">") else { return nil }
            index = html.index(after: close)
            guard tagName == name else { continue }
            if closing {
                depth -= 1
                if depth == 0 { return index }
            } else if html[html.index(before: close)] != "/" {
                depth += 1
            }
        }
        return nil
    }
}
