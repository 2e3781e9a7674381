/// Signs messages with one DKIM key: relaxed/relaxed canonicalization, SHA-256.
///
/// The template that builds messages hands over the signed header fields already canonicalized (most are shared
/// by every message of an issue and canonicalized once) and the body hash, so signing a message costs one
/// SHA-256 of a few hundred bytes and one signature.
///
/// - SeeAlso: RFC 6376 §3.5 (the DKIM-Signature field), §3.7 (computing the hashes), RFC 8463.
public struct DKIMSigner: Sendable {
    /// The key.
    public let key: DKIMPrivateKey
    /// What signs with the key: the key itself (swift-crypto) unless another library was wired in.
    public let signingKey: any DKIMSigningKey
    /// The signing domain (`d=`).
    public let domain: String
    /// The selector (`s=`): the key's record is at `<selector>._domainkey.<domain>`.
    public let selector: String

    /// Creates a signer; `signingKey`, the same key in another crypto library, signs instead of `key` when given.
    public init(key: DKIMPrivateKey, domain: String, selector: String, signingKey: (any DKIMSigningKey)? = nil) {
        self.key = key
        self.signingKey = signingKey ?? key
        self.domain = domain
        self.selector = selector
    }

    /// The same signer, signing through `signingKey` (the same key in another crypto library).
    public func signing(with signingKey: any DKIMSigningKey) -> DKIMSigner {
        DKIMSigner(key: key, domain: domain, selector: selector, signingKey: signingKey)
    }

    /// The DNS name of the key's TXT record.
    public var recordName: String { "\(selector)._domainkey.\(domain)" }

    /// The `DKIM-Signature` field, folded, ending in CRLF.
    ///
    /// - Parameters:
    ///   - signedHeaders: the lower-case names of the signed fields, in the order their canonical forms appear
    ///     in `canonicalHeaders`; names repeated at the end for oversigning match no field and add nothing.
    ///   - canonicalHeaders: those fields, each in relaxed canonical form (``DKIMCanonicalization``).
    ///   - bodyHash: the SHA-256 of the relaxed-canonical body.
    ///   - timestamp: the `t=` tag, seconds since 1970.
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    public func signatureField(
        signedHeaders: [String], canonicalHeaders: [UInt8], bodyHash: some Collection<UInt8>, timestamp: Int64
    ) throws -> [UInt8] {
        try prepared(signedHeaders: signedHeaders).signatureField(
            canonicalHeaders: canonicalHeaders, bodyHash: bodyHash, timestamp: timestamp)
    }

    /// The signer with the tags that are the same for every message (`v`, `a`, `c`, `d`, `s`, `h`) written once.
    public func prepared(signedHeaders: [String]) -> Prepared {
        var writer = HeaderWriter(name: "DKIM-Signature", foldWithTab: true)
        writer.append("v=1")
        writer.append("a=\(key.algorithm.rawValue)", glue: ";")
        writer.append("c=relaxed/relaxed", glue: ";")
        writer.append("d=\(domain)", glue: ";")
        writer.append("s=\(selector)", glue: ";")
        for (index, name) in signedHeaders.enumerated() {
            if index == 0 {
                writer.append("h=" + name, glue: ";")
            } else {
                writer.append(name, glue: ":", spaced: false)
            }
        }
        return Prepared(key: signingKey, writer: writer)
    }

    /// A signer for one set of signed headers, with its constant tags already written.
    public struct Prepared: Sendable {
        /// What signs.
        public let key: any DKIMSigningKey
        let writer: HeaderWriter

        /// The `DKIM-Signature` field for one message; see ``DKIMSigner/signatureField(signedHeaders:canonicalHeaders:bodyHash:timestamp:)``.
        ///
        /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
        public func signatureField(
            canonicalHeaders: [UInt8], bodyHash: some Collection<UInt8>, timestamp: Int64
        )
            throws -> [UInt8]
        {
            var writer = self.writer
            writer.append("t=\(timestamp)", glue: ";")
            writer.append("bh=" + Base64.encode(bodyHash), glue: ";")
            writer.append("b=", glue: ";")
            var data = canonicalHeaders
            var own = DKIMCanonicalization.relaxedHeader(writer.bytes)
            own.removeLast(2)
            data += own
            let signature = Base64.encode(try key.sign(data))
            var rest = Substring(signature)
            while !rest.isEmpty {
                writer.append(String(rest.prefix(64)), spaced: false)
                rest = rest.dropFirst(64)
            }
            return writer.bytes
        }
    }
}
