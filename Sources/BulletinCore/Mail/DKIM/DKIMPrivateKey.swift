import Crypto
import Foundation
import _CryptoExtras

/// A DKIM private key, RSA or Ed25519, and what to publish in DNS for it.
///
/// - SeeAlso: RFC 6376 §3.6.1 (the DNS record), RFC 8463 §4 (Ed25519 keys), RFC 8301 (RSA key sizes).
public enum DKIMPrivateKey: DKIMSigningKey {
    /// An RSA key for `rsa-sha256`.
    case rsa(_RSA.Signing.PrivateKey)
    /// An Ed25519 key for `ed25519-sha256`.
    case ed25519(Curve25519.Signing.PrivateKey)

    /// The algorithm the key signs with.
    public var algorithm: DKIMAlgorithm {
        switch self {
        case .rsa: return .rsaSHA256
        case .ed25519: return .ed25519SHA256
        }
    }

    /// A new random key: RSA 2048 bits, or Ed25519.
    ///
    /// - Throws: when the crypto library fails.
    public static func generate(_ algorithm: DKIMAlgorithm) throws -> DKIMPrivateKey {
        switch algorithm {
        case .rsaSHA256: return .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        case .ed25519SHA256: return .ed25519(Curve25519.Signing.PrivateKey())
        }
    }

    /// Reads a PEM key (PKCS #1 or PKCS #8 for RSA, PKCS #8 for Ed25519) of the given algorithm.
    ///
    /// - Parameter file: the key's path, for error messages.
    /// - Throws: ``DKIMKeyError``.
    public init(pem: String, algorithm: DKIMAlgorithm, file: String) throws {
        switch algorithm {
        case .rsaSHA256:
            guard let key = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem) else {
                throw DKIMKeyError.notAKey(file, algorithm)
            }
            guard key.keySizeInBits >= 1024 else { throw DKIMKeyError.tooWeak(file, bits: key.keySizeInBits) }
            self = .rsa(key)
        case .ed25519SHA256:
            guard let key = try? Curve25519.Signing.PrivateKey(pemRepresentation: pem) else {
                throw DKIMKeyError.notAKey(file, algorithm)
            }
            self = .ed25519(key)
        }
    }

    /// Reads a PEM key file.
    ///
    /// - Throws: ``DKIMKeyError``.
    public init(contentsOf url: URL, algorithm: DKIMAlgorithm) throws {
        let pem: String
        do {
            pem = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "permission denied" : "no such file"
            throw DKIMKeyError.unreadable(url.path, reason: reason)
        }
        try self.init(pem: pem, algorithm: algorithm, file: url.path)
    }

    /// The private key as PEM (PKCS #8), for the key file.
    public var pemRepresentation: String {
        switch self {
        case .rsa(let key): return key.pkcs8PEMRepresentation
        case .ed25519(let key): return key.pemRepresentation
        }
    }

    /// The `p=` value: base64 of the DER SubjectPublicKeyInfo for RSA, of the raw 32-byte key for Ed25519.
    public var publicKeyBase64: String {
        switch self {
        case .rsa(let key): return Base64.encode(key.publicKey.derRepresentation)
        case .ed25519(let key): return Base64.encode(key.publicKey.rawRepresentation)
        }
    }

    /// The key's size, as people say it: `2048-bit RSA`, `Ed25519`.
    public var summary: String {
        switch self {
        case .rsa(let key): return "\(key.keySizeInBits)-bit RSA"
        case .ed25519: return "Ed25519"
        }
    }

    /// The TXT record's text: `v=DKIM1; k=rsa; p=…`.
    public var dnsRecordText: String { "v=DKIM1; k=\(algorithm.keyType); p=\(publicKeyBase64)" }

    /// The TXT record as a zone-file line, the text split into quoted strings of at most 255 characters.
    ///
    /// - SeeAlso: RFC 1035 §3.3.14, RFC 6376 §3.6.2.2.
    public func zoneFileRecord(selector: String, domain: String) -> String {
        var strings: [String] = []
        var rest = Substring(dnsRecordText)
        while !rest.isEmpty {
            strings.append("\"" + rest.prefix(255) + "\"")
            rest = rest.dropFirst(255)
        }
        return "\(selector)._domainkey.\(domain). IN TXT ( " + strings.joined(separator: " ") + " )"
    }

    /// Signs the canonicalized header data with swift-crypto: RSA PKCS #1 v1.5 over its SHA-256, or Ed25519 over
    /// its SHA-256.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    public func sign(_ data: [UInt8]) throws -> [UInt8] {
        let digest = SHA256.hash(data: data)
        do {
            switch self {
            case .rsa(let key):
                return Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let key):
                return Array(try key.signature(for: Array(digest)))
            }
        } catch {
            throw DKIMKeyError.signingFailed("\(error)")
        }
    }
}
