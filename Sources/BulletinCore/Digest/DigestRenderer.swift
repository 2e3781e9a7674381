import Mustache

/// Renders issues with one checked set of templates: once per issue, leaving the personal slots to
/// ``PersonalizedTemplate/fill(_:into:)``.
public struct DigestRenderer: Sendable {
    private let library: MustacheLibrary
    /// The templates' sources.
    public let templates: TemplateSet

    /// Parses and checks every template: a syntax error or an unknown variable throws
    /// ``DigestTemplateError`` naming the template and the line.
    public init(templates: TemplateSet) throws {
        var library = MustacheLibrary()
        for name in StockTemplates.names {
            let origin = templates.origins[name] ?? TemplateSet.stockOrigin
            do {
                try library.register(templates.sources[name] ?? "", named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw DigestTemplateError.syntax(
                    template: name, origin: origin, line: error.context.lineNumber,
                    column: error.context.columnNumber, problem: "\(error.error)")
            }
        }
        try TemplateChecker(set: templates).check()
        self.library = library
        self.templates = templates
    }

    /// The issue's subject, text part and HTML part.
    public func render(_ issue: DigestIssue) -> RenderedDigest {
        let context = DigestContext.make(issue)
        let subject = (library.render(context, withTemplate: StockTemplates.subject) ?? "")
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return RenderedDigest(
            id: issue.id, subject: subject,
            text: PersonalizedTemplate(
                library.render(context, withTemplate: StockTemplates.text) ?? "", escaping: .none),
            html: PersonalizedTemplate(
                library.render(context, withTemplate: StockTemplates.html) ?? "", escaping: .html))
    }
}
