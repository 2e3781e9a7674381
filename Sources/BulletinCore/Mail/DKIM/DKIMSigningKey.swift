/// The private-key arithmetic of DKIM signing, behind which the crypto library can change.
///
/// ``DKIMPrivateKey`` signs through swift-crypto; for RSA keys `send` wires in the system's OpenSSL (the
/// `BulletinOpenSSL` module, `OpenSSLSigningKey`), which signs RSA twice as fast on processors with AVX-512 IFMA,
/// so that this module stays free of C.
///
/// - SeeAlso: RFC 6376 §3.7 (rsa-sha256: RSASSA-PKCS1-v1_5 over the SHA-256 of the data), RFC 8463 §3
///   (ed25519-sha256: PureEdDSA over the 32 bytes of the data's SHA-256).
public protocol DKIMSigningKey: Sendable {
    /// The algorithm the key signs with.
    var algorithm: DKIMAlgorithm { get }

    /// Signs the canonicalized header data: RSASSA-PKCS1-v1_5 over its SHA-256 for RSA, Ed25519 over the bytes of
    /// its SHA-256.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    func sign(_ data: [UInt8]) throws -> [UInt8]
}
