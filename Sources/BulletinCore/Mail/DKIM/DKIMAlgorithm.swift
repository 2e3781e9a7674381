/// A DKIM signing algorithm.
///
/// - SeeAlso: RFC 6376 §3.3, RFC 8463 §3.
public enum DKIMAlgorithm: String, Sendable, CaseIterable {
    /// RSA (PKCS #1 v1.5) over SHA-256; every verifier knows it.
    case rsaSHA256 = "rsa-sha256"
    /// Ed25519 over the SHA-256 of the signed data; short keys, fast signing.
    case ed25519SHA256 = "ed25519-sha256"

    /// The `k=` tag of the DNS record.
    public var keyType: String {
        switch self {
        case .rsaSHA256: return "rsa"
        case .ed25519SHA256: return "ed25519"
        }
    }
}
