import Foundation

extension Configuration {
    /// `[web]`: how `bulletin serve` listens and what its forms offer.
    public struct Web: Sendable, Equatable {
        /// `host`: the address to listen on; the site's TLS-terminating proxy forwards to it.
        public var host: String = Self.defaultHost
        /// `port`: the TCP port to listen on.
        public var port: Int = Self.defaultPort
        /// `trusted_proxies`: the addresses of proxies whose `X-Forwarded-For` is believed; from any other peer
        /// the header is ignored and the peer's own address is the client's.
        public var trustedProxies: [String] = []
        /// `subscribe_limit`: how many subscribe requests one client address may make per hour (a token bucket
        /// that refills evenly over the hour); 0 turns the limit off.
        public var subscribeLimit: Int = Self.defaultSubscribeLimit
        /// `topics`: the topics offered on the subscribe and preferences forms, in order.
        public var topics: [String] = []
        /// `templates`: a folder whose `*.mustache` files replace the stock web templates of the same name; nil
        /// for the stock ones.
        public var templates: URL?
        /// `confirm_days`: how many days a confirmation link stays valid.
        public var confirmDays: Int = Self.defaultConfirmDays
        /// `confirmation_interval`: hours before the subscribe form mails another confirmation to the same
        /// address; a form sent again sooner shows the same page and sends nothing.
        public var confirmationIntervalHours: Int = Self.defaultConfirmationIntervalHours
        /// `reports_token`: the bearer token that opens `/reports/<week>` (``minimumReportsTokenLength``
        /// characters at least); nil: the route does not exist.
        public var reportsToken: String?

        /// The stock settings.
        public init() {}

        /// `127.0.0.1`: only the proxy on the same machine reaches the server.
        public static let defaultHost = "127.0.0.1"
        /// 8080.
        public static let defaultPort = 8080
        /// Five subscribe requests per client address per hour.
        public static let defaultSubscribeLimit = 5
        /// Seven days.
        public static let defaultConfirmDays = 7
        /// The shortest `reports_token` accepted.
        public static let minimumReportsTokenLength = 24
        /// One confirmation per address per 24 hours.
        public static let defaultConfirmationIntervalHours = 24
    }
}
