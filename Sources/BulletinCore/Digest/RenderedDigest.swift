/// One issue, rendered once: the subject and both parts with their personal slots still open.
public struct RenderedDigest: Sendable, Equatable {
    /// The name, like `2026-W47`.
    public var id: String
    /// The subject line (the same for everyone).
    public var subject: String
    /// The text part.
    public var text: PersonalizedTemplate
    /// The HTML part.
    public var html: PersonalizedTemplate
    /// Every topic's section, in the table's order; when there are any, both parts hold the
    /// ``PersonalSlot/sections`` marker where a reader's sections go.
    public var sections: [RenderedSection]

    /// Creates a rendered issue.
    public init(
        id: String, subject: String, text: PersonalizedTemplate, html: PersonalizedTemplate,
        sections: [RenderedSection] = []
    ) {
        self.id = id
        self.subject = subject
        self.text = text
        self.html = html
        self.sections = sections
    }

    /// The issue of a reader with `topics`: their sections spliced in at the marker, which is gone afterwards.
    /// A reader without sections gets the shared parts as they are.
    public func forReader(topics: [String]) -> RenderedDigest {
        guard !sections.isEmpty else { return self }
        let chosen = RenderedSection.chosen(sections, topics: topics)
        let marker = PersonalSlot.marker(PersonalSlot.sections)
        return RenderedDigest(
            id: id, subject: subject,
            text: PersonalizedTemplate(
                text.marked.replacingOccurrences(of: marker, with: chosen.map(\.text).joined()), escaping: .none),
            html: PersonalizedTemplate(
                html.marked.replacingOccurrences(of: marker, with: chosen.map(\.html).joined()), escaping: .html))
    }
}
