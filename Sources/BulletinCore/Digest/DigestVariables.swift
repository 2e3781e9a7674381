/// The names the digest's Mustache context provides, as a tree, so that a template can be checked before it is
/// used: a misspelt variable is an error, never a silently blank field. Templates/README.md documents each one.
public indirect enum DigestVariables: Sendable, Equatable {
    /// A value (text, number or flag).
    case value
    /// An object with named fields (`newsletter`, `lead`).
    case object([String: DigestVariables])
    /// A list of objects with these fields (`articles`).
    case list([String: DigestVariables])

    /// The fields of one article.
    public static let article: [String: DigestVariables] = [
        "rank": .value, "title": .value, "title_wrapped": .value, "url": .value, "link": .value,
        "authors": .value, "date": .value, "date_iso": .value, "byline": .value, "byline_wrapped": .value,
        "summary": .value, "summary_wrapped": .value,
        "summary_paragraphs": .list(["text": .value, "first": .value]), "image_url": .value, "image_width": .value,
        "image_alt": .value,
        "categories": .list(["name": .value]), "categories_text": .value, "visitors": .value, "views": .value,
    ]

    /// The whole context.
    public static let root: [String: DigestVariables] = [
        "newsletter": .object(["name": .value, "site_url": .value]),
        "issue": .object([
            "id": .value, "number": .value, "first_day": .value, "last_day": .value, "first_day_iso": .value,
            "last_day_iso": .value, "dates": .value, "article_count": .value,
        ]),
        "preheader": .value,
        "note": .object(["html": .value, "text": .value]),
        "lead": .object(article),
        "articles": .list(article),
        "all_articles": .list(article),
        "has_rest": .value,
        "newest_fallback": .value,
        "subscriber": .object(["email": .value, "name": .value, "first_name": .value, "topics": .value]),
        "links": .object(["unsubscribe": .value, "preferences": .value, "view_in_browser": .value]),
        "sections": .list(["topic": .value, "label": .value, "articles": .list(article), "stop_url": .value]),
    ]

    /// The fields inside this name when it opens a section.
    var fields: [String: DigestVariables] {
        switch self {
        case .value: [:]
        case .object(let fields), .list(let fields): fields
        }
    }
}
