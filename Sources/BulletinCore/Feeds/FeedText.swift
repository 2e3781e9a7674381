/// The rule for text that comes from a feed: it must never reach into a message's personal slots.
///
/// A personal slot is marked in a rendered issue by private-use characters (``PersonalSlot``, U+E000 and
/// U+E001); a feed title carrying them would make every reader's copy show that reader's own address or
/// unsubscribe link where the feed's author chose. So every private-use character (U+E000–U+F8FF, planes 15
/// and 16) is removed from every feed field when it is imported; feeds have no legitimate use for them.
public enum FeedText {
    /// `text` without private-use characters.
    public static func withoutPrivateUse(_ text: String) -> String {
        // Their UTF-8 lead bytes: 0xEE and 0xEF (U+E000–U+FFFF), 0xF3 and 0xF4 (planes 15 and 16).
        guard text.utf8.contains(where: { $0 == 0xEE || $0 == 0xEF || $0 == 0xF3 || $0 == 0xF4 }) else {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.properties.generalCategory != .privateUse {
            result.append(scalar)
        }
        return String(result)
    }

    /// An image or link address from a feed, kept only when it is `http` or `https`: `javascript:`, `data:` and
    /// every other scheme are dropped.
    public static func webAddress(_ text: String?) -> String? {
        guard let text, let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon].lowercased()
        return scheme == "http" || scheme == "https" ? text : nil
    }

    /// An article with every text field cleaned and its image address checked.
    public static func clean(_ article: Article) -> Article {
        var article = article
        article.url = withoutPrivateUse(article.url)
        article.guid = withoutPrivateUse(article.guid)
        article.title = withoutPrivateUse(article.title)
        article.authors = article.authors.map(withoutPrivateUse)
        article.summaryText = withoutPrivateUse(article.summaryText)
        article.summaryHTML = withoutPrivateUse(article.summaryHTML)
        article.categories = article.categories.map(withoutPrivateUse)
        article.imageURL = webAddress(article.imageURL.map(withoutPrivateUse))
        return article
    }
}
