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

/// The system resolver's TXT lookup (res_query(3), with /etc/resolv.conf).
public enum SystemTXTLookup {
    /// Looks up the TXT records of `name`.
    public static let lookup: TXTLookup = { name in
        var buffer = [CChar](repeating: 0, count: 16_384)
        let code = buffer.withUnsafeMutableBufferPointer { output in
            cresolv_txt(name, output.baseAddress, Int32(output.count))
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
