import BulletinCore
import COpenSSL
import Crypto
import Foundation
import Synchronization

/// A DKIM key in the system's OpenSSL libcrypto (the one libcurl already links), which signs RSA-2048 two to three
/// times faster than swift-crypto's BoringSSL on processors with AVX-512 IFMA: OpenSSL 3 has an RSA code path for
/// them (`rsaz_avx512`) that BoringSSL lacks.
///
/// Several threads may sign at once: each takes a signing context from a small pool (OpenSSL contexts are not to
/// be shared between threads), so that a context, like `openssl speed`'s, is set up once and reused. The pool's
/// lock is held to take or give back a context, never while signing.
public final class OpenSSLSigningKey: DKIMSigningKey, Sendable {
    /// The algorithm the key signs with.
    public let algorithm: DKIMAlgorithm
    /// The `EVP_PKEY`: read-only once loaded, which OpenSSL 3 lets several threads use at once.
    private let key: Handle
    /// The signing contexts no thread is using; a context is either here or with the one `sign` call that took it.
    private let contexts = Mutex<[Handle]>([])

    /// A libcrypto object, kept by its address: C pointers are not `Sendable` (the compiler cannot know who else
    /// uses them), and the comments on ``key`` and ``contexts`` say why these may cross threads.
    private struct Handle: Sendable {
        let address: UInt

        init(_ pointer: OpaquePointer) { address = UInt(bitPattern: pointer) }

        /// The pointer again (libcrypto's functions take it as an implicitly unwrapped optional).
        var pointer: OpaquePointer? { OpaquePointer(bitPattern: address) }
    }

    /// Loads `key` into libcrypto.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)`` when libcrypto does not take the key.
    public init(_ key: DKIMPrivateKey) throws {
        algorithm = key.algorithm
        let pem = Array(key.pemRepresentation.utf8)
        let loaded = pem.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { copenssl_read_private_key($0.baseAddress, Int32($0.count)) }
        }
        guard let loaded else { throw DKIMKeyError.signingFailed("OpenSSL could not read the \(key.summary) key") }
        let matches = algorithm == .rsaSHA256 ? copenssl_key_is_rsa(loaded) : copenssl_key_is_ed25519(loaded)
        guard matches == 1 else {
            EVP_PKEY_free(loaded)
            throw DKIMKeyError.signingFailed("OpenSSL read the \(key.summary) key as another kind of key")
        }
        self.key = Handle(loaded)
    }

    deinit {
        for context in contexts.withLock({ $0 }) { Self.free(context.pointer, algorithm) }
        EVP_PKEY_free(key.pointer)
    }

    /// Signs the canonicalized header data; see ``DKIMSigningKey/sign(_:)``.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    public func sign(_ data: [UInt8]) throws -> [UInt8] {
        // swift-crypto hashes (BoringSSL's SHA-256 uses the SHA extensions too): only the private-key step differs.
        let digest = Array(SHA256.hash(data: data))
        let taken = try takeContext()
        defer { contexts.withLock { $0.append(taken) } }
        let context = taken.pointer
        var signature = [UInt8](repeating: 0, count: 512)
        let length = digest.withUnsafeBufferPointer { digest in
            signature.withUnsafeMutableBufferPointer { out in
                switch algorithm {
                case .rsaSHA256:
                    copenssl_rsa_sign(context, digest.baseAddress, out.baseAddress, out.count)
                case .ed25519SHA256:
                    copenssl_ed25519_sign(context, digest.baseAddress, digest.count, out.baseAddress, out.count)
                }
            }
        }
        guard length > 0 else { throw DKIMKeyError.signingFailed("OpenSSL could not sign with the key") }
        signature.removeLast(signature.count - length)
        return signature
    }

    private func takeContext() throws -> Handle {
        if let context = contexts.withLock({ $0.popLast() }) { return context }
        let made: OpaquePointer? =
            switch algorithm {
            case .rsaSHA256: copenssl_rsa_sha256_context(key.pointer)
            case .ed25519SHA256: copenssl_ed25519_context(key.pointer)
            }
        guard let made else { throw DKIMKeyError.signingFailed("OpenSSL could not prepare a signing context") }
        return Handle(made)
    }

    private static func free(_ context: OpaquePointer?, _ algorithm: DKIMAlgorithm) {
        switch algorithm {
        case .rsaSHA256: EVP_PKEY_CTX_free(context)
        case .ed25519SHA256: EVP_MD_CTX_free(context)
        }
    }
}
