import Foundation

/// An issue as the first `send` of its week composed it: what every later run of that week delivers, whatever
/// the page views or templates say by then.
public struct FrozenIssue: Sendable, Equatable {
    /// The ISO week, like `2026-W47`: the issue's name.
    public var week: String
    /// The issue's number.
    public var number: Int
    /// The subject line.
    public var subject: String
    /// The rendered text part, with ``PersonalSlot`` markers where personal values go.
    public var textPart: String
    /// The rendered HTML part, likewise.
    public var htmlPart: String
    /// The canonical URLs of the articles, lead first.
    public var articles: [String]
    /// When it was frozen.
    public var createdAt: Date
    /// How many subscribers the audience snapshot held.
    public var audience: Int
    /// When the last pending row was settled; nil while rows are queued, sending or deferred.
    public var completedAt: Date?
    /// Why a send halted the issue (too many permanent failures); nil when it is not halted. A halted issue is
    /// sent on only by `send --resume`.
    public var haltReason: String?
    /// When it was halted.
    public var haltedAt: Date?
    /// Every topic's section, as frozen with the issue (none for an issue frozen before sections existed).
    public var sections: [RenderedSection] = []

    /// Creates an issue record.
    public init(
        week: String, number: Int, subject: String, textPart: String, htmlPart: String, articles: [String],
        createdAt: Date, audience: Int = 0, completedAt: Date? = nil
    ) {
        self.week = week
        self.number = number
        self.subject = subject
        self.textPart = textPart
        self.htmlPart = htmlPart
        self.articles = articles
        self.createdAt = createdAt
        self.audience = audience
        self.completedAt = completedAt
    }

    /// Freezes a rendered issue.
    public init(_ rendered: RenderedDigest, number: Int, articles: [String], at now: Date) {
        self.init(
            week: rendered.id, number: number, subject: rendered.subject, textPart: rendered.text.marked,
            htmlPart: rendered.html.marked, articles: articles, createdAt: now)
        sections = rendered.sections
    }

    /// The issue as the message builder and preview take it.
    public var rendered: RenderedDigest {
        RenderedDigest(
            id: week, subject: subject, text: PersonalizedTemplate(textPart, escaping: .none),
            html: PersonalizedTemplate(htmlPart, escaping: .html), sections: sections)
    }
}
