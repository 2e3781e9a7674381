import Foundation

/// The Mustache sources of one digest: each template's text and where it came from.
public struct TemplateSet: Sendable, Equatable {
    /// The origin of the templates built into the binary.
    public static let stockOrigin = "(stock)"

    /// Each template's source, by name (see ``StockTemplates/names``).
    public var sources: [String: String]
    /// Where each template came from: a folder path, or ``stockOrigin``.
    public var origins: [String: String]

    /// The templates built into the binary.
    public static var stock: TemplateSet {
        let sources = StockTemplates.sources
        return TemplateSet(sources: sources, origins: sources.mapValues { _ in stockOrigin })
    }

    /// Creates a set.
    public init(sources: [String: String], origins: [String: String]) {
        self.sources = sources
        self.origins = origins
    }

    /// The templates in `folder`; a template missing from it is taken from the stock set, so a folder may hold
    /// only the templates it changes.
    public static func folder(_ folder: URL) throws -> TemplateSet {
        var set = stock
        for name in StockTemplates.names {
            let file = folder.appendingPathComponent(StockTemplates.fileName(name))
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                set.sources[name] = try String(contentsOf: file, encoding: .utf8)
                set.origins[name] = folder.path
            } catch {
                throw DigestTemplateError.unreadable(path: file.path, problem: "\(error)")
            }
        }
        return set
    }

    /// Whether every template is the stock one.
    public var isStock: Bool { origins.values.allSatisfy { $0 == Self.stockOrigin } }
}
