import Foundation

/// The Mustache context of an issue, as dictionaries (which swift-mustache reads about three times faster than
/// structs through `Mirror`). Personal values are ``PersonalizedTemplate/marker(_:)`` strings, filled per message.
/// ``DigestVariables`` lists the same names; Templates/README.md documents them.
enum DigestContext {
    /// The whole context of `issue`.
    static func make(_ issue: DigestIssue, sections: [DigestSection] = []) -> [String: Any] {
        let week = issue.selection.week
        let zone = week.timeZone
        let articles = issue.selection.chosen.enumerated().map { article($1, rank: $0 + 1, issue: issue, zone: zone) }
        let lead = issue.selection.chosen.first
        let count = articles.count
        let fallback = issue.selection.usedNewestFallback
        var preheader =
            lead.map { "This week: \($0.article.title)" }
            ?? (fallback ? "This week's newest articles" : "This week's most read articles")
        if count > 1 { preheader += " and \(count - 1) more." }
        let marker = PersonalizedTemplate.marker
        var context: [String: Any] = [
            "newsletter": ["name": issue.newsletterName, "site_url": issue.siteURL],
            "issue": [
                "id": issue.id, "number": issue.number, "first_day": DigestDates.day(week.week.firstDay),
                "last_day": DigestDates.day(week.week.lastDay), "first_day_iso": week.firstDay,
                "last_day_iso": week.lastDay, "dates": DigestDates.range(week.week.firstDay, week.week.lastDay),
                "article_count": count,
            ] as [String: Any],
            "preheader": preheader,
            "articles": Array(articles.dropFirst()),
            "all_articles": articles,
            "has_rest": count > 1,
            // No page views for the week: the articles are the newest, not the most read; the intro says so.
            "newest_fallback": fallback,
            "subscriber": [
                "email": marker(PersonalFields.Slot.email), "name": marker(PersonalFields.Slot.name),
                "first_name": marker(PersonalFields.Slot.firstName), "topics": marker(PersonalFields.Slot.topics),
            ],
            "links": [
                "unsubscribe": marker(PersonalFields.Slot.unsubscribeURL),
                "preferences": marker(PersonalFields.Slot.preferencesURL),
                "view_in_browser": marker(PersonalFields.Slot.viewURL),
            ],
        ]
        if let first = articles.first { context["lead"] = first }
        if let note = issue.note { context["note"] = ["html": note.html, "text": note.text] }
        context["sections"] = sections.map { section($0, issue: issue, zone: zone) }
        return context
    }

    /// One topic section's fields; its articles are ranked from 1 within the section.
    static func section(_ section: DigestSection, issue: DigestIssue, zone: TimeZone) -> [String: Any] {
        [
            "topic": section.topic.name, "label": section.topic.label,
            "articles": section.chosen.enumerated().map { article($1, rank: $0 + 1, issue: issue, zone: zone) },
            "stop_url": stopURL(topic: section.topic.name),
        ]
    }

    /// The reader's link that stops one topic: their unsubscribe link with `&topic=NAME` (percent-encoded).
    static func stopURL(topic: String) -> String {
        PersonalizedTemplate.marker(PersonalFields.Slot.unsubscribeURL) + "&topic=" + percentEncoded(topic)
    }

    /// `text` with everything but ASCII letters, digits and `-._~` percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// One article's fields, at `rank`.
    static func article(_ candidate: DigestCandidate, rank: Int, issue: DigestIssue, zone: TimeZone) -> [String: Any] {
        // Articles imported before feed text was cleaned at import may still carry slot markers.
        let article = FeedText.clean(candidate.article)
        let day = DigestDates.localDay(article.published, zone: zone)
        let authors = names(article.authors)
        let date = DigestDates.day(day)
        // Feeds tag an article with up to a dozen categories; an issue names the first two.
        let categoriesText = article.categories.prefix(Self.shownCategories).joined(separator: " · ")
        let paragraphs = SummaryText.paragraphs(article.summaryText)
        let byline = [authors.isEmpty ? "" : "By \(authors)", date, categoriesText].filter { !$0.isEmpty }
            .joined(separator: " · ")
        var fields: [String: Any] = [
            "rank": rank, "title": article.title, "title_wrapped": TextWrap.wrap(article.title),
            "url": issue.link(article.url), "link": article.url, "date": date,
            "date_iso": CivilDay.format(day), "byline": byline, "byline_wrapped": TextWrap.wrap(byline),
            "summary": paragraphs.joined(separator: " "), "image_alt": article.title,
            "summary_paragraphs": paragraphs.enumerated().map { ["text": $1, "first": $0 == 0] as [String: Any] },
            "categories": article.categories.map { ["name": $0] }, "visitors": candidate.visitors,
            "views": candidate.views,
        ]
        // Left out when empty, so that `{{#authors}}…{{/authors}}` and friends render nothing.
        if !authors.isEmpty { fields["authors"] = authors }
        if !paragraphs.isEmpty {
            fields["summary_wrapped"] = paragraphs.map { TextWrap.wrap($0) }.joined(separator: "\n\n")
        }
        if let image = article.imageURL, !image.isEmpty {
            fields["image_url"] = image
            // Never wider than it is: a 300-pixel image stays 300 pixels wide in a 552-pixel column.
            let width = min(article.imageWidth ?? Self.imageColumn, Self.imageColumn)
            fields["image_width"] = width
        }
        if !categoriesText.isEmpty { fields["categories_text"] = categoriesText }
        return fields
    }

    /// The width of the stock template's image column, in pixels.
    static let imageColumn = 552

    /// How many of an article's categories `categories_text` and the byline name.
    static let shownCategories = 2

    /// `A`, `A and B`, `A, B and C`.
    static func names(_ list: [String]) -> String {
        guard list.count > 1, let last = list.last else { return list.first ?? "" }
        return list.dropLast().joined(separator: ", ") + " and " + last
    }
}
