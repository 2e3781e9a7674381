import Crypto
import Foundation

/// Makes and checks link tokens with HMAC-SHA256 under the newsletter's secret.
///
/// The keyed HMAC state is computed once, so a token costs a copy and a few SHA-256 blocks.
///
/// - SeeAlso: RFC 2104, ``LinkToken`` for the format.
public struct LinkSigner: Sendable {
    /// The shortest secret accepted, in bytes.
    public static let minimumSecretLength = 32

    private let key: SymmetricKey
    // The HMAC with the key's inner block already hashed; copied for each token.
    private let keyed: HMAC<SHA256>

    /// Uses a secret of at least ``minimumSecretLength`` bytes.
    ///
    /// - Throws: ``LinkSecretError/tooShort(_:length:)`` when it is shorter.
    public init(secret: [UInt8]) throws {
        guard secret.count >= Self.minimumSecretLength else {
            throw LinkSecretError.tooShort("", length: secret.count)
        }
        self.key = SymmetricKey(data: secret)
        self.keyed = HMAC<SHA256>(key: key)
    }

    /// The URL-safe token for a link.
    public func token(_ contents: LinkToken) -> String {
        var bytes = contents.payload
        var mac = keyed
        mac.update(data: bytes)
        bytes.append(contentsOf: mac.finalize())
        return Base64URL.encode(bytes)
    }

    /// The token for one purpose, subscriber (their id and link key) and issue.
    public func token(_ purpose: LinkPurpose, subscriberID: Int64, key: Int64, issue: String) -> String {
        token(LinkToken(purpose: purpose, subscriberID: subscriberID, key: key, issue: issue))
    }

    /// The token for one purpose and issue, for a subscriber.
    public func token(_ purpose: LinkPurpose, for subscriber: Subscriber, issue: String) -> String {
        token(purpose, subscriberID: subscriber.id, key: subscriber.linkKey, issue: issue)
    }

    /// The whole link: `<baseURL>/<purpose>?token=<token>`.
    ///
    /// - Parameter baseURL: `[links] base_url`, without a trailing slash.
    public func link(
        baseURL: String, _ purpose: LinkPurpose, subscriberID: Int64, key: Int64, issue: String
    ) -> String {
        baseURL + purpose.path + "?token=" + token(purpose, subscriberID: subscriberID, key: key, issue: issue)
    }

    /// An HMAC-SHA256 of `bytes` under the secret, in its own domain (`label`), so that it can never equal a
    /// token's MAC: the keyed hash kept for an erased address.
    public func keyedHash(_ label: String, _ bytes: some Sequence<UInt8>) -> [UInt8] {
        var mac = keyed
        mac.update(data: Array(label.utf8) + [0])
        mac.update(data: Array(bytes))
        return Array(mac.finalize())
    }

    /// Reads the secret file `bulletin init` wrote (base64url, at least ``minimumSecretLength`` bytes).
    ///
    /// - Throws: ``LinkSecretError`` naming the file when it is missing, unreadable, not base64url or too short.
    public init(secretFile url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw LinkSecretError.unreadable(
                url.path, reason: exists ? "permission denied or not text" : "no such file")
        }
        guard let bytes = Base64URL.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw LinkSecretError.notBase64(url.path)
        }
        guard bytes.count >= Self.minimumSecretLength else {
            throw LinkSecretError.tooShort(url.path, length: bytes.count)
        }
        try self.init(secret: bytes)
    }

    /// Checks a token's MAC (in constant time) and its purpose.
    ///
    /// - Throws: ``LinkTokenError``.
    public func verify(_ token: String, for purpose: LinkPurpose) throws -> LinkToken {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= 200, let bytes = Base64URL.decode(trimmed),
            bytes.count >= LinkToken.minimumPayloadLength + LinkToken.macLength
        else { throw LinkTokenError.malformed }
        let payload = bytes[..<(bytes.count - LinkToken.macLength)]
        let mac = bytes[(bytes.count - LinkToken.macLength)...]
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else {
            throw LinkTokenError.tampered
        }
        guard let contents = LinkToken(payload: payload) else { throw LinkTokenError.malformed }
        guard contents.purpose == purpose else {
            throw LinkTokenError.wrongPurpose(expected: purpose, found: contents.purpose)
        }
        return contents
    }
}
