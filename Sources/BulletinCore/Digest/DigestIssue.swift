import Foundation

/// What an issue is made of besides its articles: the newsletter, the issue's number, how links are tagged.
public struct DigestIssue: Sendable {
    /// The selection.
    public var selection: DigestSelection
    /// The newsletter's name.
    public var newsletterName: String
    /// The site the newsletter is about.
    public var siteURL: String
    /// The issue's number: one more than the issues sent before it.
    public var number: Int
    /// Whether article links carry `utm_source`, `utm_medium` and `utm_campaign`.
    public var utmTags: Bool
    /// The topics' sections that have articles, in the table's order (none without `[topics]`).
    public var sections: [DigestSection]
    /// The editor's note for the week (`digest note`); nil when there is none.
    public var note: EditorNote?

    /// Creates an issue.
    public init(
        selection: DigestSelection, newsletterName: String, siteURL: String, number: Int, utmTags: Bool,
        sections: [DigestSection] = []
    ) {
        self.sections = sections
        self.selection = selection
        self.newsletterName = newsletterName
        self.siteURL = siteURL
        self.number = number
        self.utmTags = utmTags
    }

    /// The issue's name, like `2026-W47`.
    public var id: String { selection.week.description }

    /// `url` tagged for analytics: `utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47`, before any
    /// fragment; unchanged when tagging is off.
    public func link(_ url: String) -> String {
        guard utmTags else { return url }
        let (base, fragment) =
            url.firstIndex(of: "#").map { (String(url[..<$0]), String(url[$0...])) } ?? (url, "")
        let glue = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + glue + IssueCampaign.query(week: id) + fragment
    }
}
