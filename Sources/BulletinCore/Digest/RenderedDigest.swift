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

    /// Creates a rendered issue.
    public init(id: String, subject: String, text: PersonalizedTemplate, html: PersonalizedTemplate) {
        self.id = id
        self.subject = subject
        self.text = text
        self.html = html
    }
}
