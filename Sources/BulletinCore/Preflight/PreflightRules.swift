import Foundation

/// The preflight's rules: what blocks an issue and what is only a warning. Pure: the links' statuses come in
/// from a ``LinkChecker``.
public enum PreflightRules {
    /// The largest HTML part Gmail shows whole: 102 KB (104,448 bytes); past it, the message is clipped.
    public static let maxHTMLBytes = 102 * 1024
    /// The longest subject line without a warning, in characters (RFC 5322 §2.1.1's line length).
    public static let maxSubjectCharacters = 78

    /// Every finding about `input`, blocking ones first, each group in the order of the checks.
    public static func findings(_ input: PreflightInput, links: [String: LinkStatus]) -> [PreflightFinding] {
        var found: [PreflightFinding] = []
        if input.articleCount < input.minArticles || input.articleCount == 0 {
            found.append(
                PreflightFinding(
                    .blocking, .tooFewArticles,
                    "only \(input.articleCount) article\(input.articleCount == 1 ? "" : "s") qualified and "
                        + "[digest] min_articles is \(input.minArticles)"))
        }
        for url in input.articleURLs {
            guard let status = links[url] else { continue }
            found.append(contentsOf: linkFinding(url, status).map { [$0] } ?? [])
        }
        let bytes = input.html.utf8.count
        if bytes > maxHTMLBytes {
            found.append(
                PreflightFinding(
                    .blocking, .htmlSize,
                    "the HTML part is \(kilobytes(bytes)) KB, over the \(maxHTMLBytes / 1024) KB at which Gmail "
                        + "clips a message"))
        }
        let length = input.subject.count
        if length > maxSubjectCharacters {
            found.append(
                PreflightFinding(
                    .warning, .subjectLength,
                    "the subject is \(length) characters, over \(maxSubjectCharacters); mail apps cut it short"))
        }
        for image in HTMLImages.images(in: input.html) {
            let source = image.source ?? ""
            if (image.alt ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                found.append(
                    PreflightFinding(
                        .warning, .imageAlt, "the image \(source) has no alt text", url: source.isEmpty ? nil : source)
                )
            }
            if source.lowercased().hasPrefix("http:") {
                found.append(
                    PreflightFinding(
                        .warning, .insecureImage,
                        "the image \(source) is loaded over plain http; mail apps may block it", url: source))
            }
        }
        if input.usedNewestFallback {
            found.append(
                PreflightFinding(
                    .warning, .newestFallback,
                    "no page views were imported for the week; the issue holds the newest articles instead"))
        }
        let siteHost = host(input.siteURL.host)
        for url in input.articleURLs {
            guard let articleHost = URL(string: url)?.host, host(articleHost) != siteHost else { continue }
            found.append(
                PreflightFinding(
                    .warning, .foreignHost,
                    "\(url) is on \(articleHost), not on the site's host \(input.siteURL.host ?? "")", url: url))
        }
        return found.filter(\.isBlocking) + found.filter { !$0.isBlocking }
    }

    /// The finding for one article link's status; nil when it answered well.
    public static func linkFinding(_ url: String, _ status: LinkStatus) -> PreflightFinding? {
        switch status {
        case .answered(let code) where code == 404 || code == 410:
            return PreflightFinding(
                .blocking, .deadLink,
                "\(url) answers HTTP \(code) (\(code == 404 ? "not found" : "gone"))", url: url)
        case .answered(let code) where code >= 400:
            return PreflightFinding(.warning, .unreachableLink, "\(url) answers HTTP \(code)", url: url)
        case .answered:
            return nil
        case .unreachable(let reason):
            return PreflightFinding(.warning, .unreachableLink, "\(url) could not be checked (\(reason))", url: url)
        }
    }

    /// A host compared without case and without a leading `www.`.
    private static func host(_ host: String?) -> String {
        let lowered = (host ?? "").lowercased()
        return lowered.hasPrefix("www.") ? String(lowered.dropFirst(4)) : lowered
    }

    private static func kilobytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1024)
    }
}
