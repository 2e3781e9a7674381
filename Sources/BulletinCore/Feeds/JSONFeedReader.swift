import Foundation

/// Reads JSON Feed 1.0 and 1.1 with `Codable`.
///
/// - SeeAlso: https://www.jsonfeed.org/version/1.1/
enum JSONFeedReader {
    private struct Document: Decodable {
        var version: String?
        var title: String?
        var homePageURL: String?
        var feedURL: String?
        var items: [Item]?

        enum CodingKeys: String, CodingKey {
            case version, title, items
            case homePageURL = "home_page_url"
            case feedURL = "feed_url"
        }
    }

    private struct Author: Decodable {
        var name: String?
    }

    private struct Item: Decodable {
        var id: FlexibleString?
        var url: String?
        var externalURL: String?
        var title: String?
        var contentHTML: String?
        var contentText: String?
        var summary: String?
        var image: String?
        var bannerImage: String?
        var datePublished: String?
        var dateModified: String?
        var authors: [Author]?
        var author: Author?
        var tags: [String]?

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary, image, authors, author, tags
            case externalURL = "external_url"
            case contentHTML = "content_html"
            case contentText = "content_text"
            case bannerImage = "banner_image"
            case datePublished = "date_published"
            case dateModified = "date_modified"
        }
    }

    /// JSON Feed ids are strings, but some feeds write numbers.
    private struct FlexibleString: Decodable {
        var value: String

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = text
            } else if let number = try? container.decode(Int64.self) {
                value = String(number)
            } else {
                value = String(try container.decode(Double.self))
            }
        }
    }

    /// Reads a JSON Feed document.
    ///
    /// - Throws: ``FeedError`` (malformed JSON with its line and column, or JSON that is not a JSON Feed).
    static func read(_ data: Data, source: String) throws -> RawFeed {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            let index = errorIndex(error)
            let (line, column) = position(of: index, in: data)
            throw FeedError(source: source, line: line, column: column, problem: .malformed("invalid JSON"))
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw FeedError(
                source: source, line: 1, column: 1,
                problem: .unknownFormat("the JSON is not a JSON Feed (\(describe(error)))"))
        }
        guard document.version?.hasPrefix("https://jsonfeed.org/version/") == true || document.items != nil else {
            throw FeedError(
                source: source, line: 1, column: 1,
                problem: .unknownFormat("the JSON has neither a JSON Feed \"version\" nor \"items\""))
        }
        var feed = RawFeed(format: .jsonFeed)
        feed.title = HTMLText.collapseWhitespace(document.title ?? "")
        feed.link = document.homePageURL ?? document.feedURL
        for (offset, entry) in (document.items ?? []).enumerated() {
            var item = RawFeedItem()
            // JSON has no useful line per item; the item's position is reported as its line.
            item.line = offset + 1
            item.column = 1
            item.link = entry.url ?? entry.externalURL
            item.guid = entry.id?.value
            item.guidIsPermaLink = false
            item.title = entry.title
            if let html = entry.contentHTML {
                item.content = html
            } else if let text = entry.contentText {
                item.content = text
                item.contentIsText = true
            }
            item.summary = entry.summary
            item.summaryIsText = true
            item.image = entry.image ?? entry.bannerImage
            item.published = entry.datePublished ?? entry.dateModified
            item.updated = entry.dateModified
            item.authors = (entry.authors ?? entry.author.map { [$0] } ?? []).compactMap(\.name)
            item.categories = entry.tags ?? []
            feed.items.append(item)
        }
        return feed
    }

    private static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Where JSONSerialization found the error: `NSJSONSerializationErrorIndex` on Darwin, "around character N"
    /// in the message on Linux.
    private static func errorIndex(_ error: Error) -> Int {
        let info = (error as NSError).userInfo
        if let index = info["NSJSONSerializationErrorIndex"] as? Int { return index }
        let message = (info[NSDebugDescriptionErrorKey] as? String) ?? ""
        guard let range = message.range(of: "character ") else { return 0 }
        return Int(message[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// The 1-based line and column of byte `index`.
    static func position(of index: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(index) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
