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

    /// The issue's subject, text part and HTML part, and each of its topic sections.
    ///
    /// Without sections the parts are rendered once, as they always were. With sections, each part is rendered
    /// without any (the issue of a reader without topics, unchanged), with each section alone, and with all of
    /// them; each section's fragment is what its rendering adds, and the shared part gets the
    /// ``PersonalSlot/sections`` marker at the line where the fragments go. The rendering with all sections must
    /// equal the shared part with every fragment spliced in, or the template is refused.
    ///
    /// - Throws: ``DigestTemplateError/sectionsNotInOnePlace(template:origin:)``.
    public func render(_ issue: DigestIssue) throws -> RenderedDigest {
        let context = DigestContext.make(issue)
        let subject = (library.render(context, withTemplate: StockTemplates.subject) ?? "")
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !issue.sections.isEmpty else {
            return RenderedDigest(
                id: issue.id, subject: subject,
                text: PersonalizedTemplate(
                    library.render(context, withTemplate: StockTemplates.text) ?? "", escaping: .none),
                html: PersonalizedTemplate(
                    library.render(context, withTemplate: StockTemplates.html) ?? "", escaping: .html))
        }
        let text = try spliced(issue, template: StockTemplates.text)
        let html = try spliced(issue, template: StockTemplates.html)
        let sections = issue.sections.enumerated().map { index, section in
            RenderedSection(
                topic: section.topic.name, label: section.topic.label, articles: section.chosen.map(\.article.url),
                text: text.fragments[index], html: html.fragments[index])
        }
        return RenderedDigest(
            id: issue.id, subject: subject, text: PersonalizedTemplate(text.shared, escaping: .none),
            html: PersonalizedTemplate(html.shared, escaping: .html), sections: sections)
    }

    /// One part's shared text (with the sections marker) and each section's fragment.
    private func spliced(_ issue: DigestIssue, template: String) throws -> (shared: String, fragments: [String]) {
        let render = { (sections: [DigestSection]) -> [UInt8] in
            Array((library.render(DigestContext.make(issue, sections: sections), withTemplate: template) ?? "").utf8)
        }
        let base = render([])
        let singles = issue.sections.map { render([$0]) }
        let refused = DigestTemplateError.sectionsNotInOnePlace(
            template: template, origin: templates.origins[template] ?? TemplateSet.stockOrigin)
        guard let point = Self.insertionPoint(base: base, singles: singles) else { throw refused }
        let fragments = singles.map { Array($0[point..<($0.count - (base.count - point))]) }
        let all = render(issue.sections)
        guard Array(base[..<point]) + fragments.joined() + Array(base[point...]) == all else { throw refused }
        let marker = Array(PersonalSlot.marker(PersonalSlot.sections).utf8)
        let shared = Array(base[..<point]) + marker + Array(base[point...])
        return (String(decoding: shared, as: UTF8.self), fragments.map { String(decoding: $0, as: UTF8.self) })
    }

    /// The line start of `base` where each of `singles` is `base` with a fragment inserted, the latest such
    /// one; nil when there is none.
    static func insertionPoint(base: [UInt8], singles: [[UInt8]]) -> Int? {
        var common = base.count
        for single in singles {
            guard single.count >= base.count else { return nil }
            var length = 0
            while length < common, base[length] == single[length] { length += 1 }
            common = length
        }
        var point = common
        while true {
            while point > 0, base[point - 1] != 10 { point -= 1 }
            let tail = base[point...]
            if singles.allSatisfy({ $0[($0.count - tail.count)...].elementsEqual(tail) }) { return point }
            if point == 0 { return nil }
            point -= 1
        }
    }
}
