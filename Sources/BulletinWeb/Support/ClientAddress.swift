#if canImport(Glibc)
    import Glibc
#endif

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

    /// The key the subscribe limit counts a client under: an IPv4 address as it is, an IPv6 address by its /64
    /// (one customer's network: a host can take any address in its /64 at will), an IPv4-mapped IPv6 address as
    /// the IPv4 address.
    static func rateLimitKey(_ address: String) -> String {
        var text = address
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var bytes = in6_addr()
        guard text.contains(":"), inet_pton(AF_INET6, text, &bytes) == 1 else { return address }
        return withUnsafeBytes(of: bytes) { raw -> String in
            if raw.prefix(10).allSatisfy({ $0 == 0 }), raw[10] == 0xFF, raw[11] == 0xFF {
                return raw[12...].map { String($0) }.joined(separator: ".")
            }
            let prefix = stride(from: 0, to: 8, by: 2).map {
                String(UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]), radix: 16)
            }
            return prefix.joined(separator: ":") + "::/64"
        }
    }
}
