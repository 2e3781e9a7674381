import BulletinCore
import BulletinStore
import Foundation

/// An article as `--json` writes it: stable keys, ISO 8601 times, null for unset.
struct ArticleJSON: Encodable {
    var rank: Int?
    var url: String
    var path: String
    var guid: String
    var title: String
    var authors: [String]
    var published: String
    var updated: String?
    var summaryText: String
    var summaryHtml: String?
    var categories: [String]
    var imageUrl: String?
    var feed: String
    var views: Int
    var visitors: Int

    init(_ stored: StoredArticle, rank: Int? = nil, withHTML: Bool) {
        let article = stored.article
        self.rank = rank
        url = article.url
        path = article.path
        guid = article.guid
        title = article.title
        authors = article.authors
        published = Timestamp.format(article.published)
        updated = article.updated.map(Timestamp.format)
        summaryText = article.summaryText
        summaryHtml = withHTML ? article.summaryHTML : nil
        categories = article.categories
        imageUrl = article.imageURL
        feed = stored.feed
        views = stored.views
        visitors = stored.visitors
    }

    enum CodingKeys: String, CodingKey {
        case rank, url, path, guid, title, authors, published, updated, categories, feed, views, visitors
        case summaryText = "summary_text"
        case summaryHtml = "summary_html"
        case imageUrl = "image_url"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(rank, forKey: .rank)
        try container.encode(url, forKey: .url)
        try container.encode(path, forKey: .path)
        try container.encode(guid, forKey: .guid)
        try container.encode(title, forKey: .title)
        try container.encode(authors, forKey: .authors)
        try container.encode(published, forKey: .published)
        try container.encode(updated, forKey: .updated)
        try container.encode(summaryText, forKey: .summaryText)
        try container.encodeIfPresent(summaryHtml, forKey: .summaryHtml)
        try container.encode(categories, forKey: .categories)
        try container.encode(imageUrl, forKey: .imageUrl)
        try container.encode(feed, forKey: .feed)
        try container.encode(views, forKey: .views)
        try container.encode(visitors, forKey: .visitors)
    }
}
