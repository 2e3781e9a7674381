import BulletinCore
import BulletinOpenSSL
import Crypto
import Foundation
import Testing
import _CryptoExtras

/// DKIM signatures made by the system's libcrypto, checked against swift-crypto's.
@Suite struct OpenSSLSigningKeyTests {
    private let data = Array(
        "from:Example Weekly <news@example.org>\r\nto:ada@example.com\r\nsubject:Issue 48\r\n".utf8)

    @Test func rsaSignaturesAreTheSameAsSwiftCryptosAndVerify() throws {
        let key = try DKIMPrivateKey.generate(.rsaSHA256)
        guard case .rsa(let swiftKey) = key else { throw DKIMKeyError.notAKey("test", .rsaSHA256) }
        let signature = try OpenSSLSigningKey(key).sign(data)
        // RSASSA-PKCS1-v1_5 is deterministic: both libraries must give the same bytes.
        #expect(signature == (try key.sign(data)))
        #expect(signature.count == 256)
        #expect(
            swiftKey.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data),
                padding: .insecurePKCS1v1_5))
    }

    @Test func ed25519SignaturesVerifyOverTheDigest() throws {
        let key = try DKIMPrivateKey.generate(.ed25519SHA256)
        guard case .ed25519(let swiftKey) = key else { throw DKIMKeyError.notAKey("test", .ed25519SHA256) }
        let openSSL = try OpenSSLSigningKey(key)
        #expect(openSSL.algorithm == .ed25519SHA256)
        let signature = try openSSL.sign(data)
        #expect(signature.count == 64)
        // RFC 8463: the signed message is the 32 bytes of the SHA-256 of the data.
        #expect(swiftKey.publicKey.isValidSignature(signature, for: Array(SHA256.hash(data: data))))
        #expect(!swiftKey.publicKey.isValidSignature(signature, for: data))
        #expect(signature == (try key.sign(data)))
    }

    @Test(arguments: DKIMAlgorithm.allCases)
    func manyThreadsSignAtOnceWithTheirOwnContexts(_ algorithm: DKIMAlgorithm) throws {
        let key = try DKIMPrivateKey.generate(algorithm)
        let openSSL = try OpenSSLSigningKey(key)
        let inputs = (0..<64).map { Array("message \($0)\r\n".utf8) + data }
        let expected = try inputs.map { try key.sign($0) }
        let results = Results(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.set(index, try? openSSL.sign(inputs[index]))
        }
        #expect(results.all == expected.map { Optional($0) })
    }

    @Test func theFastestSigningIsOpenSSLForRSAAndSwiftCryptoForEd25519() throws {
        let rsa = DKIMSigner(key: try .generate(.rsaSHA256), domain: "example.org", selector: "rsa1")
        let fastRSA = try rsa.usingFastestSigning()
        #expect(fastRSA.signingKey is OpenSSLSigningKey)
        #expect(fastRSA.key.dnsRecordText == rsa.key.dnsRecordText)
        #expect(rsa.signingKey is DKIMPrivateKey)
        let ed = DKIMSigner(key: try .generate(.ed25519SHA256), domain: "example.org", selector: "ed1")
        #expect(try ed.usingFastestSigning().signingKey is DKIMPrivateKey)
    }
}

/// Signatures collected from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[UInt8]?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: [UInt8]?) { lock.withLock { values[index] = value } }

    var all: [[UInt8]?] { lock.withLock { values } }
}
