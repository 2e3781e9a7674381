import BulletinCore
import Foundation

/// What the pages of `bulletin serve` need to know about the newsletter and its `[web]` settings.
public struct WebSite: Sendable {
    /// The newsletter's name, shown on every page.
    public var newsletterName: String
    /// Where links point (`[links] base_url`, else the site), without a trailing slash: the proxy forwards
    /// `<base>/unsubscribe` and the others to the server.
    public var linkBaseURL: String
    /// The path part of ``linkBaseURL`` (like `/newsletter`, or empty): the proxy strips it before forwarding,
    /// and the pages put it in front of their own links.
    public var pathPrefix: String
    /// The address shown in the archive where an issue names its reader (the From address, not a subscriber's).
    public var publicAddress: String
    /// The topics offered on the forms.
    public var topics: [String]
    /// What the forms and the stop-topic page call each topic of `[topics]`, by name; a topic without a label
    /// here is shown by its name.
    public var topicLabels: [String: String] = [:]
    /// How long a confirmation link stays valid.
    public var confirmValidity: TimeInterval
    /// Subscribe requests per client address per hour; 0 for no limit.
    public var subscribeLimit: Int
    /// Peers whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>
    /// The origins (`https://host[:port]`) a subscribe form may be posted from: those of ``linkBaseURL`` and of
    /// the newsletter's site.
    public var formOrigins: Set<String>

    /// Creates settings.
    public init(
        newsletterName: String, linkBaseURL: String, publicAddress: String, topics: [String] = [],
        confirmValidity: TimeInterval = 7 * 86_400, subscribeLimit: Int = 5, trustedProxies: Set<String> = [],
        siteURL: String? = nil
    ) {
        let base = linkBaseURL.hasSuffix("/") ? String(linkBaseURL.dropLast()) : linkBaseURL
        self.newsletterName = newsletterName
        self.linkBaseURL = base
        var prefix = URL(string: base)?.path ?? ""
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.pathPrefix = prefix
        self.publicAddress = publicAddress
        self.topics = topics
        self.confirmValidity = confirmValidity
        self.subscribeLimit = subscribeLimit
        self.trustedProxies = trustedProxies
        formOrigins = Set([base, siteURL].compactMap { $0.flatMap(Self.origin) })
    }

    /// The origin of a URL, as browsers send it in `Origin`: `scheme://host`, with `:port` when it is not the
    /// scheme's default; nil for a URL without a scheme and host.
    ///
    /// - SeeAlso: RFC 6454 §6.1.
    static func origin(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : (scheme == "http" ? 80 : nil)
        guard let port = components.port, port != defaultPort else { return scheme + "://" + host }
        return scheme + "://" + host + ":" + String(port)
    }

    /// Whether a subscribe form was posted from the site's own pages: its `Origin`, or lacking one its
    /// `Referer`, is one of ``formOrigins``, or names the host the request was sent to (`Host`; the server
    /// reached directly, or through a proxy that passes `Host` on). A request with neither header (not a
    /// browser; nothing a hostile page can make a visitor's browser send) is accepted; `Origin: null` (a
    /// sandboxed page, a file) is not.
    ///
    /// - SeeAlso: RFC 6454 §7 (the Origin header), RFC 9110 §7.2 (Host).
    public func acceptsFormOrigin(origin: String?, referer: String?, host: String? = nil) -> Bool {
        let claimed: String
        if let origin = origin?.trimmingCharacters(in: .whitespaces), !origin.isEmpty {
            claimed = origin
        } else if let referer = referer?.trimmingCharacters(in: .whitespaces), !referer.isEmpty {
            claimed = referer
        } else {
            return true
        }
        guard let sender = Self.origin(claimed) else { return false }
        if formOrigins.contains(sender) { return true }
        guard var authority = host?.lowercased(), !authority.isEmpty else { return false }
        for port in [":80", ":443"] where authority.hasSuffix(port) { authority.removeLast(port.count) }
        return sender.split(separator: "/").last.map { String($0) == authority } ?? false
    }

    /// The settings a configuration gives.
    public init(configuration: Configuration) {
        self.init(
            newsletterName: configuration.newsletter.name,
            linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
            publicAddress: configuration.newsletter.from.address.value, topics: configuration.offeredTopics,
            confirmValidity: TimeInterval(configuration.web.confirmDays) * 86_400,
            subscribeLimit: configuration.web.subscribeLimit, trustedProxies: Set(configuration.web.trustedProxies),
            siteURL: configuration.newsletter.siteURL.absoluteString)
        topicLabels = Dictionary(configuration.topics.map { ($0.name, $0.label) }) { first, _ in first }
    }

    /// What a topic is called on the pages: its `[topics]` label, else its name.
    public func label(ofTopic name: String) -> String { topicLabels[name] ?? name }
}
