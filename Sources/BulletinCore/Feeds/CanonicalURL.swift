import Foundation

/// Turns an item's link into the article's canonical URL, so that the same article reached through a tracking
/// link, another anchor or a differently-cased host is stored once.
///
/// The link is made absolute against a base (the feed's), its fragment and tracking parameters (`utm_*`,
/// `fbclid`, `gclid`) are removed, its scheme and host lower-cased, and a default port dropped.
public enum CanonicalURL {
    /// The query parameters removed besides every `utm_*` one, lower-cased.
    public static let trackingParameters: Set<String> = ["fbclid", "gclid"]

    /// The canonical form of `link`, resolved against `base`; nil when it is not (or does not resolve to) an
    /// http(s) URL with a host.
    public static func canonicalize(_ link: String, base: URL?) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard let url = URL(string: trimmed, relativeTo: base) ?? URL(string: escaped(trimmed), relativeTo: base),
            var components = URLComponents(url: url.absoluteURL, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.percentEncodedHost, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.percentEncodedHost = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        return components.string
    }

    /// A URL from a base string (a feed's address or its `<link>`), or nil when it is not absolute http(s).
    public static func base(_ text: String?) -> URL? {
        guard let text, let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { return nil }
        return url
    }

    /// Percent-encodes what a URL may not hold raw (spaces, non-ASCII), keeping its structure.
    private static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.insert(charactersIn: "#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
