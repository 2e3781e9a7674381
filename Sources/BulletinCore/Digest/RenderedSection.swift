import Foundation

/// One topic's section of an issue, rendered once: the fragments a reader's message splices in at the
/// ``PersonalSlot/sections`` marker of the shared parts, with their personal slots still open.
public struct RenderedSection: Sendable, Equatable, Codable {
    /// The topic's name (the key in `[topics]`).
    public var topic: String
    /// The topic's label.
    public var label: String
    /// The canonical URLs of the section's articles, in order.
    public var articles: [String]
    /// The text part's fragment, with ``PersonalSlot`` markers.
    public var text: String
    /// The HTML part's fragment, likewise.
    public var html: String

    /// Creates a rendered section.
    public init(topic: String, label: String, articles: [String], text: String, html: String) {
        self.topic = topic
        self.label = label
        self.articles = articles
        self.text = text
        self.html = html
    }

    /// The sections of `sections` that a reader with `topics` receives, in the (the table's) order.
    public static func chosen(_ sections: [RenderedSection], topics: [String]) -> [RenderedSection] {
        guard !topics.isEmpty else { return [] }
        return sections.filter { topics.contains($0.topic) }
    }

    /// `sections` as the JSON text the issue store keeps.
    public static func encode(_ sections: [RenderedSection]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(sections) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The sections stored as `json`; none for an issue frozen before sections existed (nil) or unreadable text.
    public static func decode(_ json: String?) -> [RenderedSection] {
        guard let json, let sections = try? JSONDecoder().decode([RenderedSection].self, from: Data(json.utf8))
        else { return [] }
        return sections
    }
}
