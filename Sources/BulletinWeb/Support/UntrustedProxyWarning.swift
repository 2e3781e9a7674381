import Foundation
import Logging
import Synchronization

/// Says once, in the log, that `serve` sits behind a proxy it was not told to trust.
///
/// Behind a reverse proxy on the same machine every request comes from loopback. Without `[web] trusted_proxies`
/// the proxy's `X-Forwarded-For` is (rightly) ignored, so every visitor counts as the proxy and they all share one
/// subscribe limit: after a handful of sign-ups an hour, everyone is refused. Nothing else would tell the operator
/// why; this warning does, the first time such a request arrives.
final class UntrustedProxyWarning: Sendable {
    private let warned = Atomic<Bool>(false)
    private let trusted: Bool

    /// A warning for a server whose trusted proxies are `trustedProxies`; it never fires when any are set.
    init(trustedProxies: Set<String>) {
        trusted = !trustedProxies.isEmpty
    }

    /// Whether a request from `peer` with `forwardedFor` is one that should have come through a trusted proxy.
    static func isUntrustedProxy(peer: String?, forwardedFor: String?) -> Bool {
        guard let peer, let forwardedFor, !forwardedFor.trimmingCharacters(in: .whitespaces).isEmpty else {
            return false
        }
        return peer.hasPrefix("127.") || peer == "::1" || peer == "[::1]" || peer.hasPrefix("::ffff:127.")
    }

    /// Logs the warning for the first request that shows the mistake.
    func check(peer: String?, forwardedFor: String?, logger: Logger) {
        guard !trusted, Self.isUntrustedProxy(peer: peer, forwardedFor: forwardedFor),
            !warned.exchange(true, ordering: .relaxed)
        else { return }
        logger.warning(
            """
            requests come from \(peer ?? "loopback") with X-Forwarded-For, but [web] trusted_proxies is empty: every \
            visitor counts as \(peer ?? "the proxy") and all share one subscribe limit; set trusted_proxies = \
            ["\(peer ?? "127.0.0.1")"] in bulletin.toml if that is your reverse proxy
            """)
    }
}
