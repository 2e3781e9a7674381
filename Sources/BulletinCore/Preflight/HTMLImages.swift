import Foundation

/// The `<img>` elements of an HTML part, read loosely: enough for the preflight's alt and http checks.
public enum HTMLImages {
    /// One image: its `src` and `alt` attributes, nil when absent (entities left as written).
    public struct Image: Sendable, Equatable {
        /// `src`.
        public var source: String?
        /// `alt`.
        public var alt: String?

        /// An image.
        public init(source: String?, alt: String?) {
            self.source = source
            self.alt = alt
        }
    }

    /// The images of `html`, in order.
    public static func images(in html: String) -> [Image] {
        var images: [Image] = []
        var rest = Substring(html)
        while let start = rest.range(of: "<img", options: .caseInsensitive) {
            let afterName = rest[start.upperBound...]
            guard let next = afterName.first, next.isWhitespace || next == ">" || next == "/" else {
                rest = afterName
                continue
            }
            let (attributes, remainder) = Self.attributes(afterName)
            images.append(Image(source: attributes["src"], alt: attributes["alt"]))
            rest = remainder
        }
        return images
    }

    /// The attributes of a tag whose name was just read, and what follows the tag.
    private static func attributes(_ text: Substring) -> ([String: String], Substring) {
        var attributes: [String: String] = [:]
        var index = text.startIndex
        func skipSpaces() {
            while index < text.endIndex, text[index].isWhitespace || text[index] == "/" {
                index = text.index(after: index)
            }
        }
        while true {
            skipSpaces()
            guard index < text.endIndex else { return (attributes, text[index...]) }
            if text[index] == ">" { return (attributes, text[text.index(after: index)...]) }
            let nameStart = index
            while index < text.endIndex, !text[index].isWhitespace, !"=>/".contains(text[index]) {
                index = text.index(after: index)
            }
            let name = text[nameStart..<index].lowercased()
            skipSpaces()
            guard index < text.endIndex, text[index] == "=" else {
                if !name.isEmpty { attributes[name] = attributes[name] ?? "" }
                continue
            }
            index = text.index(after: index)
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            guard index < text.endIndex else { return (attributes, text[index...]) }
            var value: Substring
            if text[index] == "\"" || text[index] == "'" {
                let quote = text[index]
                let valueStart = text.index(after: index)
                let valueEnd = text[valueStart...].firstIndex(of: quote) ?? text.endIndex
                value = text[valueStart..<valueEnd]
                index = valueEnd < text.endIndex ? text.index(after: valueEnd) : valueEnd
            } else {
                let valueStart = index
                while index < text.endIndex, !text[index].isWhitespace, text[index] != ">" {
                    index = text.index(after: index)
                }
                value = text[valueStart..<index]
            }
            if attributes[name] == nil { attributes[name] = String(value) }
        }
    }
}
