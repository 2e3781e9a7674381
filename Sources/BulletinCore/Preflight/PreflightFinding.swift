/// One thing the preflight found about an issue before it is frozen.
public struct PreflightFinding: Sendable, Equatable, Codable {
    /// Whether a finding stops `send`.
    public enum Severity: String, Sendable, Equatable, Codable {
        /// `send` refuses (exit 65) unless `--force` is given.
        case blocking
        /// Reported; the issue goes out.
        case warning
    }

    /// Which check found it.
    public enum Check: String, Sendable, Equatable, Codable, CaseIterable {
        /// An article link answered 404 or 410.
        case deadLink = "dead-link"
        /// An article link could not be checked (timeout, DNS or connection failure) or answered another error.
        case unreachableLink = "unreachable-link"
        /// Fewer articles than `[digest] min_articles`.
        case tooFewArticles = "min-articles"
        /// The HTML part is over 102 KB, where Gmail clips a message.
        case htmlSize = "html-size"
        /// The subject is over 78 characters.
        case subjectLength = "subject-length"
        /// An image has no alt text.
        case imageAlt = "image-alt"
        /// An image is loaded over plain http.
        case insecureImage = "insecure-image"
        /// The week had no page views: the newest articles were taken.
        case newestFallback = "newest-fallback"
        /// An article links to a host other than the site's.
        case foreignHost = "foreign-host"
    }

    /// Blocking or a warning.
    public var severity: Severity
    /// Which check.
    public var check: Check
    /// One sentence saying what was found.
    public var message: String
    /// The address concerned, when there is one.
    public var url: String?

    /// A finding.
    public init(_ severity: Severity, _ check: Check, _ message: String, url: String? = nil) {
        self.severity = severity
        self.check = check
        self.message = message
        self.url = url
    }

    /// Whether `send` stops for it.
    public var isBlocking: Bool { severity == .blocking }
}
