import Foundation

/// A published DKIM key record (the TXT record at `selector._domainkey.domain`), read far enough to compare it
/// with a private key.
///
/// - SeeAlso: RFC 6376 §3.6.1 (tags `v`, `k`, `p`), §3.6.2.2 (TXT strings are joined without separator).
public struct DKIMRecord: Sendable, Equatable {
    /// The tags, by lower-cased name, values without white space.
    public var tags: [String: String]

    /// Reads a record's text: `tag=value` pairs separated by `;`.
    public init(_ text: String) {
        var tags: [String: String] = [:]
        for pair in text.split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let value = pair[pair.index(after: equals)...].filter { !$0.isWhitespace }
            if !name.isEmpty, tags[name] == nil { tags[name] = String(value) }
        }
        self.tags = tags
    }

    /// The key type, `k=` (default `rsa`).
    public var keyType: String { tags["k"]?.lowercased() ?? "rsa" }

    /// Whether the text is a DKIM key record: `v=DKIM1` when `v` is there, and a `p` tag.
    public var isKeyRecord: Bool { (tags["v"].map { $0 == "DKIM1" } ?? true) && tags["p"] != nil }

    /// How a published record stands against a private key.
    public enum Verdict: Sendable, Equatable {
        /// The record publishes this key.
        case matches
        /// `p=` is empty: the key was revoked.
        case revoked
        /// The record is for another key type (`k=`).
        case otherKeyType(String)
        /// The record publishes another public key.
        case otherKey
    }

    /// Compares the record with `key`.
    public func verdict(for key: DKIMPrivateKey) -> Verdict {
        let published = tags["p"] ?? ""
        if published.isEmpty { return .revoked }
        if keyType != key.algorithm.keyType { return .otherKeyType(keyType) }
        return published == key.publicKeyBase64 ? .matches : .otherKey
    }

    /// Finds the key record among a name's TXT records and compares it with `key`; nil when none is a DKIM key
    /// record.
    public static func verdict(records: [String], for key: DKIMPrivateKey) -> Verdict? {
        let candidates = records.map(DKIMRecord.init).filter(\.isKeyRecord)
        if candidates.isEmpty { return nil }
        let verdicts = candidates.map { $0.verdict(for: key) }
        return verdicts.contains(.matches) ? .matches : verdicts.first
    }
}
