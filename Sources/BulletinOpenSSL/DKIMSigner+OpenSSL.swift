import BulletinCore

extension DKIMSigner {
    /// The same signer, signing with the faster library for its algorithm: RSA through OpenSSL's libcrypto
    /// (``OpenSSLSigningKey``, about twice as fast here), Ed25519 through swift-crypto as before (BoringSSL's
    /// Ed25519 is itself 2–3× faster than OpenSSL 3.0's).
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)`` when libcrypto does not take the key.
    public func usingFastestSigning() throws -> DKIMSigner {
        switch key.algorithm {
        case .rsaSHA256: signing(with: try OpenSSLSigningKey(key))
        case .ed25519SHA256: self
        }
    }
}
