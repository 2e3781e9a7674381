import Foundation

/// The short signed reference to one delivery (an issue and a subscriber) that VERP puts in the envelope sender,
/// `bounces+TAG@example.org`, so that a report names its delivery even when its body quotes nothing.
///
/// `TAG` is `<year>w<week>.<subscriber id in base 36>.<MAC>`, all lower case (some MTAs lower-case a local part on
/// the way back): the MAC is the first 10 bytes of HMAC-SHA256, under a key derived from the link secret, of the
/// week, the id and the subscriber's link key, in base 32 (RFC 4648 alphabet, lower case, no padding). A tag that
/// was altered or made up does not verify, so a forged report changes nobody; and as with links, a tag made for
/// a subscriber who was erased does not verify for a later subscriber given the same id (their link keys differ).
/// 2026-W48 and subscriber 123,456 make `2026w48.2n9c.` and 16 characters: 29 in all, well within a local part's
/// 64.
///
/// - SeeAlso: RFC 2104 (HMAC), RFC 4648 §6 (base 32), RFC 5321 §4.5.3.1.1 (local-part length).
public struct DeliveryTag: Sendable, Equatable {
    /// The issue's ISO week, `2026-W48`.
    public let week: String
    /// The subscriber's row id.
    public let subscriberID: Int64

    /// A tag for a delivery.
    public init(week: String, subscriberID: Int64) {
        self.week = week
        self.subscriberID = subscriberID
    }

    /// A tag read from an address but not verified yet: the caller looks up the subscriber's link key by
    /// ``DeliveryTag/subscriberID`` and asks ``Signer/verify(_:key:)``.
    public struct Unverified: Sendable, Equatable {
        /// The delivery the tag claims.
        public let claimed: DeliveryTag
        fileprivate let body: String
        fileprivate let mac: String
    }

    /// Makes and verifies tags under one newsletter's link secret.
    public struct Signer: Sendable {
        private let links: LinkSigner

        /// Signs under the link secret, in a domain of its own (``LinkSigner/keyedHash(_:_:)``), so that a tag's
        /// MAC is never a valid link token's, nor an erased address's hash.
        public init(links: LinkSigner) {
            self.links = links
        }

        /// The tag's text for a subscriber whose link key is `key`.
        public func text(_ tag: DeliveryTag, key: Int64) -> String? {
            guard let week = Self.compactWeek(tag.week), tag.subscriberID > 0 else { return nil }
            let body = week + "." + String(tag.subscriberID, radix: 36)
            return body + "." + mac(body, key: key)
        }

        /// The envelope sender for a delivery: `local+TAG@domain` of the bounce address.
        public func envelopeSender(_ tag: DeliveryTag, key: Int64, bounceAddress: EmailAddress) -> String? {
            let parts = bounceAddress.value.split(separator: "@", maxSplits: 1)
            guard parts.count == 2, let text = text(tag, key: key) else { return nil }
            return "\(parts[0])+\(text)@\(parts[1])"
        }

        /// What a tag claims, or nil when it is not shaped like one (any case accepted).
        public func read(_ text: String) -> Unverified? {
            let pieces = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count == 3, pieces[2].count == 16, let week = Self.isoWeek(String(pieces[0])),
                let id = Int64(pieces[1], radix: 36), id > 0
            else { return nil }
            return Unverified(
                claimed: DeliveryTag(week: week, subscriberID: id), body: pieces[0] + "." + pieces[1],
                mac: String(pieces[2]))
        }

        /// The delivery, when the tag's MAC matches the claimed subscriber's link key; nil for a forged or altered
        /// tag, or one made for someone else who had that id.
        public func verify(_ tag: Unverified, key: Int64) -> DeliveryTag? {
            Self.constantTimeEqual(mac(tag.body, key: key), tag.mac) ? tag.claimed : nil
        }

        private func mac(_ body: String, key: Int64) -> String {
            let keyBytes = withUnsafeBytes(of: UInt64(bitPattern: key).bigEndian) { Array($0) }
            return Self.base32(links.keyedHash("bulletin delivery tag", Array(body.utf8) + keyBytes).prefix(10))
        }

        static func compactWeek(_ week: String) -> String? {
            let parts = week.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, parts[1].count == 3,
                parts[1].hasPrefix("W"), let number = Int(parts[1].dropFirst()), (1...53).contains(number)
            else { return nil }
            return "\(parts[0])w\(parts[1].dropFirst())"
        }

        static func isoWeek(_ compact: String) -> String? {
            let parts = compact.split(separator: "w")
            guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, parts[1].count == 2,
                let number = Int(parts[1]), (1...53).contains(number)
            else { return nil }
            return "\(parts[0])-W\(parts[1])"
        }

        static func base32(_ bytes: ArraySlice<UInt8>) -> String {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
            var out = ""
            var buffer: UInt32 = 0
            var bits = 0
            for byte in bytes {
                buffer = buffer << 8 | UInt32(byte)
                bits += 8
                while bits >= 5 {
                    bits -= 5
                    out.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
                }
            }
            if bits > 0 { out.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
            return out
        }

        private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
            let a = Array(left.utf8)
            let b = Array(right.utf8)
            guard a.count == b.count else { return false }
            return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
