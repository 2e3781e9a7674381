import Foundation

@testable import BulletinCore

/// A fixed issue: 2026-W47 in Asia/Almaty, five articles in Latin and Cyrillic, one pinned, one without image.
enum DigestFixture {
    static let zone = TimeZone(identifier: "Asia/Almaty") ?? .current
    static let week = IssueWeek(ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: zone)

    static func article(
        _ slug: String, title: String, authors: [String], published: String, summary: String,
        categories: [String], image: String?
    ) -> Article {
        Article(
            url: "https://eurasia.example.org/\(slug)", guid: slug, title: title, authors: authors,
            published: Timestamp.parse(published) ?? Date(timeIntervalSince1970: 0), updated: nil,
            summaryText: summary, summaryHTML: "<p>\(summary)</p>", categories: categories, imageURL: image)
    }

    static let candidates: [DigestCandidate] = [
        DigestCandidate(
            article: article(
                "kazakhstan-power-grid-winter", title: "Kazakhstan braces for a hard winter on an ageing power grid",
                authors: ["Aigerim Sadykova"], published: "2026-11-17T06:30:00Z",
                summary: "Blackouts in Ekibastuz last January exposed how little of the Soviet-era grid has been "
                    + "replaced. Officials promise new lines by 2028 & say rates will rise <again>.",
                categories: ["Kazakhstan", "Energy"], image: "https://eurasia.example.org/img/grid.jpg"),
            visitors: 1_840, views: 2_210),
        DigestCandidate(
            article: article(
                "tbilisi-protests-night-14", title: "Тбилиси: четырнадцатая ночь протестов на проспекте Руставели",
                authors: ["Нино Гоциридзе", "Giorgi Lomsadze"], published: "2026-11-18T19:10:00Z",
                summary: "Тысячи людей снова вышли на улицы столицы Грузии, требуя новых выборов.",
                categories: ["Georgia", "Politics"], image: nil),
            visitors: 1_420, views: 1_610),
        DigestCandidate(
            article: article(
                "uzbekistan-cotton-forced-labour",
                title: "Uzbekistan's cotton harvest ends without forced labour, monitors say",
                authors: [], published: "2026-11-12T09:00:00Z",
                summary: "For the fourth year running, the ILO found no systemic forced labour in the fields.",
                categories: ["Uzbekistan", "Human rights"], image: "https://eurasia.example.org/img/cotton.jpg"),
            visitors: 990, views: 1_005),
        DigestCandidate(
            article: article(
                "kyrgyzstan-kumtor-audit", title: "Kyrgyzstan: Kumtor audit finds $300 million gap",
                authors: ["Ayzirek Imanaliyeva", "Danil Usmanov", "Bermet Talant"], published: "2026-11-20T11:45:00Z",
                summary: "", categories: ["Kyrgyzstan"], image: nil),
            visitors: 720, views: 850),
    ]

    static let selection = DigestSelector.select(
        DigestSelector.Input(
            week: week, candidates: candidates, weekHasPageViews: true, sentBefore: [:],
            steering: DigestSteering(), rules: .defaults))

    static let issue = DigestIssue(
        selection: selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org",
        number: 12, utmTags: true)

    static let reader = PersonalFields(
        name: "Dana O'Neil <editor>", email: "dana@example.com", topics: "Energy, Georgia",
        unsubscribeURL: "https://eurasia.example.org/unsubscribe?token=abc&x=1",
        preferencesURL: "https://eurasia.example.org/preferences?token=abc",
        viewURL: "https://eurasia.example.org/newsletter/2026-W47")
}
