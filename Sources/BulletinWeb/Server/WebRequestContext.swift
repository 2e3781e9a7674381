import Hummingbird
import NIOCore

/// The request context of `bulletin serve`: Hummingbird's basics plus the peer's address, for the rate limit.
public struct WebRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection (the proxy, when there is one).
    public let remoteAddress: SocketAddress?

    /// Creates the context for a request on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
