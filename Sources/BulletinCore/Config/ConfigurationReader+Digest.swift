import Foundation

extension ConfigurationReader {
    /// Reads the `[digest]` keys that pick and render an issue.
    func readDigestSelection(into digest: inout Configuration.Digest) throws {
        let defaults = DigestRules.defaults
        digest.rules = DigestRules(
            articles: try integer("digest", "articles", default: defaults.articles, range: 1...100),
            lookbackDays: try integer("digest", "lookback_days", default: defaults.lookbackDays, range: 0...365),
            minVisitors: try integer("digest", "min_visitors", default: defaults.minVisitors, range: 0...1_000_000_000),
            minArticles: try integer("digest", "min_articles", default: defaults.minArticles, range: 0...100),
            maxPerCategory: try integer(
                "digest", "max_per_category", default: defaults.maxPerCategory, range: 0...100))
        digest.templates = try templatesFolder(
            "digest", default: "Templates", howToCreate: nil, stock: "the stock templates")
        digest.utmTags = try bool("digest", "utm_tags", default: true)
        digest.perTopic = try integer("digest", "per_topic", default: 3, range: 0...20)
    }
}
