import Foundation

/// Turns a feed document into articles: detects the syntax from the content (RSS, Atom or JSON Feed), resolves
/// each item's link to its canonical URL, parses its dates, and cleans its title and summary.
///
/// An item without a usable link or date is skipped with a warning; a repeated guid or URL keeps the first
/// item (feeds list the newest first). A feed with no usable item at all is an error.
public enum FeedParser {
    /// Parses `data`.
    ///
    /// - Parameters:
    ///   - source: the file or URL, for messages.
    ///   - documentURL: where the feed was fetched from; relative links resolve against it.
    /// - Throws: ``FeedError`` for malformed documents, unknown formats and feeds with no usable item.
    public static func parse(_ data: Data, source: String, documentURL: URL? = nil) throws -> ParsedFeed {
        var warnings: [String] = []
        let raw = try read(data, source: source, warnings: &warnings)
        var articles: [Article] = []
        var lineOfGUID: [String: Int] = [:]
        var lineOfURL: [String: Int] = [:]
        let feedDate = raw.date.flatMap(FeedDate.parse)
        let feedBase = CanonicalURL.base(raw.base)
        let siteBase = CanonicalURL.base(raw.link)
        let fallbackBase = raw.format == .atom ? (documentURL ?? siteBase) : (siteBase ?? documentURL)

        for item in raw.items {
            let place = raw.format == .jsonFeed ? "item \(item.line)" : "item at line \(item.line)"
            let base = CanonicalURL.base(item.base) ?? feedBase ?? fallbackBase
            let title = cleanTitle(item)
            let label = title.isEmpty ? place : "\(place) (\"\(title.prefix(60))\")"
            var link = item.link
            if link == nil, item.guidIsPermaLink, let guid = item.guid, guid.lowercased().hasPrefix("http") {
                link = guid
            }
            guard let link, let url = CanonicalURL.canonicalize(link, base: base) else {
                warnings.append(
                    item.link == nil
                        ? "\(label) has no link; skipped."
                        : "\(label) has the link '\(item.link ?? "")', which is not a web address; skipped.")
                continue
            }
            let dateText = item.published ?? item.updated
            guard let published = dateText.flatMap(FeedDate.parse) ?? (dateText == nil ? feedDate : nil) else {
                warnings.append(
                    dateText.map { "\(label) has the date '\($0)', which cannot be read; skipped." }
                        ?? "\(label) has no date; skipped.")
                continue
            }
            let guid = item.guid ?? ""
            if !guid.isEmpty, let earlier = lineOfGUID[guid] {
                warnings.append("\(label) repeats the guid of the item at line \(earlier); the first is kept.")
                continue
            }
            if let earlier = lineOfURL[url] {
                warnings.append("\(label) repeats the link of the item at line \(earlier); the first is kept.")
                continue
            }
            if !guid.isEmpty { lineOfGUID[guid] = item.line }
            lineOfURL[url] = item.line

            let html = summaryHTML(item, base: base)
            let text = SummaryText.of(html: html, limit: Article.summaryLimit)
            let image = (item.image ?? firstImage(in: item.content ?? item.summary ?? ""))
                .flatMap { URL(string: $0.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteString }
            var article = FeedText.clean(
                Article(
                    url: url, guid: guid,
                    title: title.isEmpty ? HTMLText.collapseWhitespace(String(text.prefix(80))) : title,
                    authors: unique((item.authors.isEmpty ? raw.authors : item.authors).map(authorName)),
                    published: published,
                    updated: item.updated.flatMap(FeedDate.parse),
                    summaryText: text, summaryHTML: html,
                    categories: unique(
                        item.categories.map { HTMLText.collapseWhitespace(HTMLEntities.decode($0)) }),
                    imageURL: image))
            // The width goes with the image it was given for (not an image found in the summary's HTML).
            if item.image != nil, item.imageScore.width > 0 { article.imageWidth = item.imageScore.width }
            articles.append(article)
        }
        guard !articles.isEmpty else {
            let first = raw.items.first
            throw FeedError(
                source: source, line: first?.line ?? raw.line, column: first?.column ?? raw.column,
                problem: .noUsableItem(
                    raw.items.isEmpty
                        ? "it has no items"
                        : (warnings.last ?? "every item was skipped").replacingOccurrences(of: "; skipped.", with: "")))
        }
        return ParsedFeed(
            format: raw.format, title: FeedText.withoutPrivateUse(raw.title), articles: articles,
            warnings: warnings)
    }

    private static func read(_ data: Data, source: String, warnings: inout [String]) throws -> RawFeed {
        var start = data.startIndex
        // A UTF-8 byte order mark, then white space.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        guard start < data.endIndex else {
            throw FeedError(source: source, line: 1, column: 1, problem: .malformed("the document is empty"))
        }
        if data[start] == UInt8(ascii: "{") { return try JSONFeedReader.read(data, source: source) }
        guard data[start] == UInt8(ascii: "<") else {
            let (line, column) = JSONFeedReader.position(of: start - data.startIndex, in: data)
            throw FeedError(
                source: source, line: line, column: column,
                problem: .unknownFormat("the document starts with neither '<' (XML) nor '{' (JSON)"))
        }
        let feed: RawFeed?
        do {
            feed = try XMLFeedReader(data: data).read(source: source)
        } catch let error as FeedError {
            // Feeds that declare no encoding (so UTF-8) but are written in Windows-1252 or Latin-1 are common;
            // read them as Windows-1252 rather than refuse them.
            guard case .malformed = error.problem, String(data: data, encoding: .utf8) == nil,
                declaresUTF8OrNothing(data), let text = String(data: data, encoding: .windowsCP1252),
                let retried = try? XMLFeedReader(data: Data(text.utf8)).read(source: source)
            else { throw error }
            warnings.append("the feed is not UTF-8 as its XML declaration says; it was read as Windows-1252.")
            feed = retried
        }
        guard let feed else {
            throw FeedError(
                source: source, line: 1, column: 1, problem: .unknownFormat("the document has no root element"))
        }
        return feed
    }

    private static func declaresUTF8OrNothing(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
        guard head.hasPrefix("<?xml"), let end = head.range(of: "?>") else { return true }
        let declaration = head[..<end.lowerBound]
        guard let encoding = declaration.range(of: "encoding") else { return true }
        return declaration[encoding.upperBound...].contains("utf-8")
            || declaration[encoding.upperBound...].contains("utf8")
    }

    private static func cleanTitle(_ item: RawFeedItem) -> String {
        guard let title = item.title else { return "" }
        if item.titleIsMarkup { return HTMLText.plainText(title) }
        return HTMLText.collapseWhitespace(HTMLEntities.decode(title))
    }

    private static func summaryHTML(_ item: RawFeedItem, base: URL?) -> String {
        let summary = item.summary.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        if let summary {
            return item.summaryIsText ? HTMLSanitizer.escape(summary) : HTMLSanitizer.sanitize(summary, base: base)
        }
        guard let content = item.content else { return "" }
        return item.contentIsText ? HTMLSanitizer.escape(content) : HTMLSanitizer.sanitize(content, base: base)
    }

    /// RSS `author` is often `jane@example.org (Jane Doe)`: keep the name.
    private static func authorName(_ raw: String) -> String {
        let text = HTMLText.collapseWhitespace(HTMLEntities.decode(raw))
        if text.contains("@"), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    private static func firstImage(in html: String) -> String? {
        guard html.contains("<img") || html.contains("<IMG") else { return nil }
        for case .start("img", let attributes, _) in HTMLTokenizer(html).tokens() {
            if let source = attributes.first(where: { $0.0 == "src" })?.1, !source.isEmpty,
                !source.lowercased().hasPrefix("data:")
            {
                return source
            }
        }
        return nil
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
