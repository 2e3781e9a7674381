/// Which address a request came from, for the subscribe rate limit.
///
/// The peer of the connection is the client, unless it is one of `[web] trusted_proxies`: then the
/// `X-Forwarded-For` header is read from the right, skipping trusted proxies, and the first other address is the
/// client. A client cannot forge its way past the limit, since only what trusted proxies appended is believed.
enum ClientAddress {
    /// The client's address; the peer's own when there is no usable header.
    static func resolve(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String {
        let peerAddress = peer ?? "unknown"
        guard trusted.contains(peerAddress), let forwardedFor else { return peerAddress }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty && !trusted.contains(hop) {
            return hop
        }
        return hops.first { !$0.isEmpty } ?? peerAddress
    }
}
