/// Checks that every variable, section and partial a template names exists in ``DigestVariables``, reporting the
/// template and line of the first that does not. Mustache itself renders an unknown name as nothing.
struct TemplateChecker {
    /// The templates to check.
    let set: TemplateSet

    /// Checks every template of the set.
    func check() throws {
        for name in [StockTemplates.html, StockTemplates.text, StockTemplates.subject] {
            try check(name, scopes: [DigestVariables.root], depth: 0)
        }
    }

    private func check(_ name: String, scopes outer: [[String: DigestVariables]], depth: Int) throws {
        guard let source = set.sources[name], depth < 8 else { return }
        let origin = set.origins[name] ?? TemplateSet.stockOrigin
        var scopes = outer
        var line = 1
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            let bodyStart = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[bodyStart...].range(of: closer) else { return }
            let tag = rest[bodyStart..<close.lowerBound]
            line += tag.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            rest = rest[close.upperBound...]
            let sigil = tag.first ?? " "
            let tagName = (("#^/!>&%=".contains(sigil) ? tag.dropFirst() : tag)).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%": continue
            // A changed delimiter hides the following tags from this check; Mustache still renders them.
            case "=": return
            case "/": if scopes.count > outer.count { scopes.removeLast() }
            case ">":
                guard set.sources[tagName] != nil else {
                    throw DigestTemplateError.missingPartial(
                        template: name, origin: origin, line: line, partial: tagName)
                }
                try check(tagName, scopes: scopes, depth: depth + 1)
            case "#", "^":
                let shape = try resolve(tagName, scopes: scopes, template: name, origin: origin, line: line)
                scopes.append(sigil == "#" ? shape.fields : [:])
            default:
                _ = try resolve(tagName, scopes: scopes, template: name, origin: origin, line: line)
            }
        }
    }

    private func resolve(
        _ variable: String, scopes: [[String: DigestVariables]], template: String, origin: String, line: Int
    ) throws -> DigestVariables {
        if variable == "." { return .value }
        let parts = variable.split(separator: ".").map(String.init)
        guard let first = parts.first, var shape = scopes.reversed().lazy.compactMap({ $0[first] }).first else {
            throw DigestTemplateError.unknownVariable(
                template: template, origin: origin, line: line, variable: variable)
        }
        for part in parts.dropFirst() {
            guard let next = shape.fields[part] else {
                throw DigestTemplateError.unknownVariable(
                    template: template, origin: origin, line: line, variable: variable)
            }
            shape = next
        }
        return shape
    }
}
