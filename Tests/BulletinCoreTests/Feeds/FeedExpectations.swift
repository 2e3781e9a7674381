import BulletinCore
import Foundation
import Testing

/// What every feed read from a file must give, whichever publisher wrote it.
enum FeedExpectations {
    /// Each article has an absolute link without a fragment, a bounded summary free of scripts and frames, and a
    /// one-line title.
    static func checkArticles(of feed: ParsedFeed, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!feed.articles.isEmpty, sourceLocation: sourceLocation)
        for article in feed.articles {
            #expect(article.url.hasPrefix("http"), sourceLocation: sourceLocation)
            #expect(!article.url.contains("#"), sourceLocation: sourceLocation)
            #expect(article.summaryText.count <= Article.summaryLimit, sourceLocation: sourceLocation)
            #expect(!article.summaryHTML.lowercased().contains("<script"), sourceLocation: sourceLocation)
            #expect(!article.summaryHTML.lowercased().contains("<iframe"), sourceLocation: sourceLocation)
            #expect(!article.title.contains("\n"), sourceLocation: sourceLocation)
        }
    }

    /// A feed whose only entry has neither link nor title is refused as a ``FeedError``, pointing at line 3.
    static func checkNoUsableItem(
        _ data: Data, source: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let error = try #require(throws: FeedError.self, sourceLocation: sourceLocation) {
            try FeedParser.parse(data, source: source)
        }
        #expect(error.line == 3, sourceLocation: sourceLocation)
        guard case .noUsableItem = error.problem else {
            Issue.record("expected noUsableItem, got \(error.problem)", sourceLocation: sourceLocation)
            return
        }
    }
}
