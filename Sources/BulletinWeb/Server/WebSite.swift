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
    /// How long a confirmation link stays valid.
    public var confirmValidity: TimeInterval
    /// Subscribe requests per client address per hour; 0 for no limit.
    public var subscribeLimit: Int
    /// Peers whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>

    /// Creates settings.
    public init(
        newsletterName: String, linkBaseURL: String, publicAddress: String, topics: [String] = [],
        confirmValidity: TimeInterval = 7 * 86_400, subscribeLimit: Int = 5, trustedProxies: Set<String> = []
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
    }

    /// The settings a configuration gives.
    public init(configuration: Configuration) {
        self.init(
            newsletterName: configuration.newsletter.name,
            linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
            publicAddress: configuration.newsletter.from.address.value, topics: configuration.web.topics,
            confirmValidity: TimeInterval(configuration.web.confirmDays) * 86_400,
            subscribeLimit: configuration.web.subscribeLimit, trustedProxies: Set(configuration.web.trustedProxies))
    }
}
