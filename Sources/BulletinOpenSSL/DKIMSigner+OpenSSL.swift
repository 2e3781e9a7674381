import BulletinCore

extension DKIMSigner {
    /// The same signer, its key loaded into OpenSSL's libcrypto, which signs (see ``OpenSSLSigningKey``).
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)`` when libcrypto does not take the key.
    public func usingOpenSSL() throws -> DKIMSigner {
        signing(with: try OpenSSLSigningKey(key))
    }
}
