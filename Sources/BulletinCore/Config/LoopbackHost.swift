#if canImport(Glibc)
    import Glibc
#endif

/// Decides whether a host is this machine, by the addresses it resolves to rather than by how its name looks.
///
/// Clear-text SMTP (`tls = "none"`) is allowed only to the loopback: a prefix check on the name would let
/// `127.attacker.example` through, so the name is resolved with `getaddrinfo(3)` and every address must be in
/// 127.0.0.0/8 or be ::1.
public enum LoopbackHost {
    /// Whether `host` (a name, a dotted IPv4 address, or an IPv6 address with or without brackets) resolves,
    /// and only to loopback addresses.
    public static func resolvesOnlyToLoopback(_ host: String) -> Bool {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        guard !name.isEmpty else { return false }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var count = 0
        while let current = entry {
            guard let address = current.pointee.ai_addr, isLoopback(address, family: current.pointee.ai_family)
            else { return false }
            count += 1
            entry = current.pointee.ai_next
        }
        return count > 0
    }

    /// Whether one socket address is 127.0.0.0/8 or ::1.
    private static func isLoopback(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> Bool {
        switch family {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                UInt32(bigEndian: $0.pointee.sin_addr.s_addr) >> 24 == 127
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { bytes in
                    bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
                }
            }
        default:
            return false
        }
    }
}
