import CResolv

/// The answer to a DNS TXT query.
public enum TXTAnswer: Sendable, Equatable {
    /// The name's TXT records, each with its character-strings joined.
    case records([String])
    /// The DNS answered: no such name, or no TXT record there.
    case notFound
    /// No answer could be had (no server, a timeout, a server failure).
    case unresolved
}

/// Looks up TXT records: the seam `bulletin doctor` checks DKIM records through, so that tests can hand it
/// records without DNS.
public typealias TXTLookup = @Sendable (String) -> TXTAnswer

/// The system resolver's TXT lookup (res_nquery(3)): the servers of /etc/resolv.conf, or one server given.
public enum SystemTXTLookup {
    /// Looks up TXT records with the servers of /etc/resolv.conf.
    public static let lookup: TXTLookup = lookup(server: nil)

    /// Looks up TXT records by asking only `server` (an IPv4 address, default port 53), or the servers of
    /// /etc/resolv.conf when nil.
    public static func lookup(server: DNSServer?) -> TXTLookup {
        { name in query(name, server: server) }
    }

    private static func query(_ name: String, server: DNSServer?) -> TXTAnswer {
        var buffer = [CChar](repeating: 0, count: 16_384)
        let code = buffer.withUnsafeMutableBufferPointer { output in
            if let server {
                return cresolv_txt(name, server.address, Int32(server.port), output.baseAddress, Int32(output.count))
            }
            return cresolv_txt(name, nil, 0, output.baseAddress, Int32(output.count))
        }
        switch code {
        case CRESOLV_FOUND:
            let text = String(
                decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .records(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        case CRESOLV_NOT_FOUND:
            return .notFound
        default:
            return .unresolved
        }
    }
}

/// A DNS server to ask instead of /etc/resolv.conf's: an IPv4 address and a port.
public struct DNSServer: Sendable, Equatable {
    /// The IPv4 address, dotted.
    public var address: String
    /// The UDP port.
    public var port: Int

    /// Reads `A.B.C.D` or `A.B.C.D:PORT`; nil when it is not that.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return nil }
        address = String(parts[0])
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            port = 53
        }
    }
}
