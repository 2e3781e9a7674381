/// A template that cannot be used: it does not parse, or it names a variable the digest does not have.
public enum DigestTemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A Mustache syntax error at `line`, `column` of `template`.
    case syntax(template: String, origin: String, line: Int, column: Int, problem: String)
    /// `template` uses `variable` at `line`, which the digest does not provide.
    case unknownVariable(template: String, origin: String, line: Int, variable: String)
    /// `template` includes a partial that does not exist.
    case missingPartial(template: String, origin: String, line: Int, partial: String)
    /// The templates folder cannot be read.
    case unreadable(path: String, problem: String)
    /// `template` renders `sections` in a way that cannot be assembled per reader from one rendering of each
    /// section (not as one `{{#sections}}…{{/sections}}` list in one place).
    case sectionsNotInOnePlace(template: String, origin: String)

    public var description: String {
        switch self {
        case .syntax(let template, let origin, let line, let column, let problem):
            "The template \(Self.file(template, origin)) has a Mustache syntax error at line \(line), column "
                + "\(column) (\(problem)); fix the tag there and run the command again."
        case .unknownVariable(let template, let origin, let line, let variable):
            "The template \(Self.file(template, origin)) uses '\(variable)' at line \(line), which the digest "
                + "does not provide; correct the name (Templates/README.md lists every variable)."
        case .missingPartial(let template, let origin, let line, let partial):
            "The template \(Self.file(template, origin)) includes the partial '\(partial)' at line \(line), "
                + "which does not exist; create \(partial).mustache beside it or remove the tag."
        case .unreadable(let path, let problem):
            "The templates folder \(path) cannot be read (\(problem)); fix its permissions or point "
                + "[digest] templates elsewhere."
        case .sectionsNotInOnePlace(let template, let origin):
            "The template \(Self.file(template, origin)) renders the topic sections in more than one place or "
                + "not as one list; render them once, as {{#sections}}…{{/sections}} on lines of their own."
        }
    }

    private static func file(_ template: String, _ origin: String) -> String {
        origin == TemplateSet.stockOrigin
            ? "\(StockTemplates.fileName(template)) built into bulletin"
            : "\(origin)/\(StockTemplates.fileName(template))"
    }
}
