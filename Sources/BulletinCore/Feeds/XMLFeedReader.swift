import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads RSS (0.9x, 1.0/RDF, 2.0 with `content`, `dc` and `media`) and Atom 1.0 with `XMLParser`.
///
/// - SeeAlso: RSS 2.0 (rssboard.org), RFC 4287 (Atom), Media RSS, Dublin Core, RSS 1.0 modules `content`.
final class XMLFeedReader: NSObject, XMLParserDelegate {
    enum Namespace {
        static let atom = "http://www.w3.org/2005/Atom"
        static let content = "http://purl.org/rss/1.0/modules/content/"
        static let dublinCore = "http://purl.org/dc/elements/1.1/"
        static let rss1 = "http://purl.org/rss/1.0/"
        static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
        static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        static let xml = "http://www.w3.org/XML/1998/namespace"

        static func isMedia(_ uri: String) -> Bool { uri.hasPrefix("http://search.yahoo.com/mrss") }
        /// RSS elements have no namespace, or RSS 1.0's / 0.90's.
        static func isRSS(_ uri: String) -> Bool { uri.isEmpty || uri == rss1 || uri == rss090 }
    }

    private struct Open {
        var namespace: String
        var name: String
        var text = ""
        var attributes: [String: String]
    }

    private let parser: XMLParser
    private(set) var feed: RawFeed?
    private var stack: [Open] = []
    private var item: RawFeedItem?
    private var itemDepth = 0
    /// While inside an Atom `type="xhtml"` element: its depth, and the markup gathered so far.
    private var xhtmlDepth: Int?
    private var xhtml = ""
    /// Where the first error was reported, as the parser saw it at that moment.
    private var errorPosition: (line: Int, column: Int)?
    /// The root element's name when it is not a feed's.
    private var unknownRoot: String?

    /// A reader for the document in `data`.
    init(data: Data) {
        parser = XMLParser(data: data)
        super.init()
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
    }

    /// Parses the document.
    ///
    /// - Returns: the raw feed; nil when the root element is not `rss`, `rdf:RDF` or Atom's `feed`.
    /// - Throws: ``FeedError`` with the line and column of the first syntax error.
    func read(source: String) throws -> RawFeed? {
        let finished = parser.parse()
        if let unknownRoot {
            throw FeedError(
                source: source, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1),
                problem: .unknownFormat(
                    "the document's root element is <\(unknownRoot)>, not <rss>, <rdf:RDF> or <feed>"))
        }
        if !finished || parser.parserError != nil {
            let code = (parser.parserError as NSError?)?.code ?? 0
            let position = errorPosition ?? (parser.lineNumber, parser.columnNumber)
            throw FeedError(
                source: source, line: max(position.line, 1), column: max(position.column, 1),
                problem: .malformed(Self.explain(code)))
        }
        return feed
    }

    static func explain(_ code: Int) -> String {
        switch code {
        case 4: return "the document is empty"
        case 5: return "the document ends before every element is closed"
        case 9, 68: return "a character or name is not allowed here"
        case 26: return "an entity such as &nbsp; that XML does not define; write &#160; or use CDATA"
        case 38, 39, 40, 41: return "an attribute is not written name=\"value\""
        case 73, 76: return "an end tag does not match its start tag"
        case 64: return "the XML declaration is malformed"
        case 5000...: return "XML error \(code)"
        default: return "XML error \(code)"
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPosition == nil { errorPosition = (parser.lineNumber, parser.columnNumber) }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let namespace = namespaceURI ?? ""
        let name = elementName
        if let depth = xhtmlDepth, stack.count >= depth {
            // The `div` that wraps XHTML content is not part of it (RFC 4287 §4.1.3.3).
            if stack.count == depth, name == "div" {
                stack.append(Open(namespace: namespace, name: name, attributes: attributes))
                return
            }
            xhtml += "<" + name
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                xhtml += " \(key)=\"\(HTMLSanitizer.escape(value, quotes: true))\""
            }
            xhtml += ">"
            stack.append(Open(namespace: namespace, name: name, attributes: attributes))
            return
        }
        if feed == nil {
            startRoot(namespace: namespace, name: name, attributes: attributes)
        } else if item == nil, isItem(namespace: namespace, name: name) {
            var started = RawFeedItem()
            started.line = parser.lineNumber
            started.column = parser.columnNumber
            started.base = attributes["xml:base"] ?? attributes["base"]
            item = started
            itemDepth = stack.count + 1
        } else if item != nil {
            startInItem(namespace: namespace, name: name, attributes: attributes)
        } else if feed?.format == .atom, namespace == Namespace.atom, name == "link", stack.count == 1 {
            let rel = attributes["rel"] ?? "alternate"
            if rel == "alternate", feed?.link == nil { feed?.link = attributes["href"] }
        }
        stack.append(Open(namespace: namespace, name: name, attributes: attributes))
        if item != nil, namespace == Namespace.atom, ["content", "summary", "title"].contains(name),
            attributes["type"] == "xhtml"
        {
            xhtmlDepth = stack.count
            xhtml = ""
        }
    }

    private func startRoot(namespace: String, name: String, attributes: [String: String]) {
        var format: ParsedFeed.Format?
        if name == "rss" || (name == "RDF" && namespace == Namespace.rdf) {
            format = .rss
        } else if name == "feed", namespace == Namespace.atom {
            format = .atom
        }
        guard let format else {
            unknownRoot = name
            parser.abortParsing()
            return
        }
        var started = RawFeed(format: format)
        started.base = attributes["xml:base"] ?? attributes["base"]
        started.line = parser.lineNumber
        started.column = parser.columnNumber
        feed = started
    }

    private func isItem(namespace: String, name: String) -> Bool {
        switch feed?.format {
        case .rss: return name == "item" && Namespace.isRSS(namespace)
        case .atom: return name == "entry" && namespace == Namespace.atom
        default: return false
        }
    }

    private func startInItem(namespace: String, name: String, attributes: [String: String]) {
        guard item != nil else { return }
        if Namespace.isMedia(namespace), name == "content" || name == "thumbnail", let url = attributes["url"] {
            let type = attributes["type"] ?? ""
            let medium = attributes["medium"] ?? ""
            if name == "thumbnail" || medium == "image" || type.hasPrefix("image/")
                || (medium.isEmpty && type.isEmpty)
            {
                item?.offerImage(url, width: attributes["width"], size: attributes["fileSize"])
            }
        } else if name == "enclosure", Namespace.isRSS(namespace), let url = attributes["url"],
            (attributes["type"] ?? "").hasPrefix("image/")
        {
            item?.offerImage(url, width: nil, size: attributes["length"])
        } else if namespace == Namespace.atom, name == "link", let href = attributes["href"] {
            let rel = attributes["rel"] ?? "alternate"
            if rel == "alternate", item?.link == nil {
                item?.link = href
            } else if rel == "enclosure", (attributes["type"] ?? "").hasPrefix("image/") {
                item?.offerImage(href, width: nil, size: attributes["length"])
            }
        } else if namespace == Namespace.atom, name == "category" {
            if let label = attributes["label"] ?? attributes["term"] { item?.categories.append(label) }
        } else if name == "guid", Namespace.isRSS(namespace) {
            item?.guidIsPermaLink = (attributes["isPermaLink"] ?? "true").lowercased() != "false"
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let depth = xhtmlDepth, stack.count > depth {
            xhtml += HTMLSanitizer.escape(string)
            return
        }
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        let string = String(decoding: CDATABlock, as: UTF8.self)
        if let depth = xhtmlDepth, stack.count > depth {
            xhtml += HTMLSanitizer.escape(string)
            return
        }
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard var closed = stack.popLast() else { return }
        if let depth = xhtmlDepth {
            if stack.count > depth || (stack.count == depth && closed.name != "div") {
                xhtml += "</\(closed.name)>"
                return
            }
            if stack.count == depth { return }
            closed.text = xhtml
            xhtmlDepth = nil
        }
        if item != nil {
            if stack.count + 1 == itemDepth {
                if let finished = item { feed?.items.append(finished) }
                item = nil
            } else {
                endInItem(closed, parentName: stack.last?.name ?? "")
            }
        } else if stack.count <= 2 {
            endInFeed(closed)
        }
    }

    private func endInItem(_ closed: Open, parentName: String) {
        let text = closed.text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let direct = stack.count == itemDepth
        switch (closed.namespace, closed.name) {
        case (Namespace.content, "encoded"):
            item?.content = text
        case (Namespace.dublinCore, "creator"), (Namespace.dublinCore, "author"):
            if !trimmed.isEmpty { item?.authors.append(trimmed) }
        case (Namespace.dublinCore, "date"):
            if item?.published == nil { item?.published = trimmed }
        case (Namespace.dublinCore, "subject"):
            if !trimmed.isEmpty { item?.categories.append(trimmed) }
        case (Namespace.atom, "name") where parentName == "author":
            if !trimmed.isEmpty { item?.authors.append(trimmed) }
        case (let namespace, let name) where direct && Namespace.isRSS(namespace) && feed?.format == .rss:
            switch name {
            case "title": item?.title = text
            case "link": if !trimmed.isEmpty { item?.link = trimmed }
            case "guid": item?.guid = trimmed
            case "description": item?.summary = text
            case "pubDate": item?.published = trimmed
            case "author": if !trimmed.isEmpty { item?.authors.append(trimmed) }
            case "category": if !trimmed.isEmpty { item?.categories.append(trimmed) }
            default: break
            }
        case (Namespace.atom, let name) where direct:
            let type = closed.attributes["type"] ?? "text"
            switch name {
            case "title":
                item?.title = text
                item?.titleIsMarkup = type != "text"
            case "id": item?.guid = trimmed
            case "published": item?.published = trimmed
            case "updated": item?.updated = trimmed
            case "summary":
                item?.summary = text
                item?.summaryIsText = type == "text"
            case "content":
                if closed.attributes["src"] == nil {
                    item?.content = text
                    item?.contentIsText = type == "text"
                }
            default: break
            }
        default:
            break
        }
    }

    private func endInFeed(_ closed: Open) {
        let trimmed = closed.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let format = feed?.format else { return }
        switch (format, closed.name) {
        case (.rss, "title") where Namespace.isRSS(closed.namespace):
            if feed?.title.isEmpty == true { feed?.title = HTMLText.collapseWhitespace(HTMLEntities.decode(trimmed)) }
        case (.rss, "link") where Namespace.isRSS(closed.namespace):
            if feed?.link == nil, !trimmed.isEmpty { feed?.link = trimmed }
        case (.rss, "pubDate"), (.rss, "lastBuildDate"), (.rss, "date"):
            if feed?.date == nil, !trimmed.isEmpty { feed?.date = trimmed }
        case (.atom, "title") where closed.namespace == Namespace.atom && stack.count == 1:
            feed?.title = HTMLText.collapseWhitespace(HTMLEntities.decode(trimmed))
        case (.atom, "name")
        where closed.namespace == Namespace.atom && stack.count == 2 && stack.last?.name == "author":
            if !trimmed.isEmpty { feed?.authors.append(trimmed) }
        case (.atom, "updated") where closed.namespace == Namespace.atom && stack.count == 1:
            feed?.date = trimmed
        default:
            break
        }
    }
}
