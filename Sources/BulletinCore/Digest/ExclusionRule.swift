import Foundation

/// An editor's rule that keeps articles out of issues: one article's URL, or every article under a URL path prefix
/// (`/live/`), for one week or for every week (`--always`).
public struct ExclusionRule: Sendable, Equatable, Hashable {
    /// What the rule matches.
    public enum Match: Sendable, Equatable, Hashable {
        /// One article, by its canonical URL.
        case url(String)
        /// Every article whose URL path starts with this prefix.
        case pathPrefix(String)
    }

    /// What it matches.
    public var match: Match
    /// The ISO week it holds for; nil for every week.
    public var week: String?
    /// When it was made.
    public var createdAt: Date

    /// A rule.
    public init(match: Match, week: String?, createdAt: Date) {
        self.match = match
        self.week = week
        self.createdAt = createdAt
    }

    /// Whether the article at `url` falls under the rule.
    public func matches(url: String) -> Bool {
        switch match {
        case .url(let ruleURL): return ruleURL == url
        case .pathPrefix(let prefix):
            let path = URLComponents(string: url)?.percentEncodedPath ?? url
            return (path.isEmpty ? "/" : path).hasPrefix(prefix)
        }
    }

    /// How `digest show` and `digest rules` name it: "always: path prefix /live/", "2026-W47: https://…".
    public var description: String {
        let what =
            switch match {
            case .url(let url): url
            case .pathPrefix(let prefix): "path prefix \(prefix)"
            }
        return "\(week ?? "always"): \(what)"
    }

    /// A path prefix as rules keep it: starting with "/", percent-encoded as URLs carry it.
    public static func normalizedPrefix(_ text: String) -> String? {
        var prefix = text.trimmingCharacters(in: .whitespaces)
        if let url = URLComponents(string: prefix), url.scheme != nil { prefix = url.percentEncodedPath }
        guard !prefix.isEmpty else { return nil }
        if !prefix.hasPrefix("/") { prefix = "/" + prefix }
        return prefix.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.union(["%"])) ?? prefix
    }
}
