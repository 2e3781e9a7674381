import Foundation

/// An address with an optional display name, as in `From: Example Weekly <news@example.org>`.
///
/// - SeeAlso: RFC 5322 §3.4.
public struct Mailbox: Sendable, Equatable, CustomStringConvertible {
    /// The display name; may be empty.
    public var name: String
    /// The address.
    public var address: EmailAddress

    /// Creates a mailbox.
    public init(name: String = "", address: EmailAddress) {
        self.name = name
        self.address = address
    }

    /// Reads `Name <address>`, `"Name" <address>` or a bare address.
    ///
    /// - Throws: ``EmailAddressError`` when the address is not usable.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            self.init(name: SubscriberFields.cleanName(name), address: try EmailAddress(String(inner)))
        } else {
            self.init(address: try EmailAddress(trimmed))
        }
    }

    /// `Name <address>`, or the bare address when there is no name (not encoded for a header).
    public var description: String { name.isEmpty ? address.value : "\(name) <\(address.value)>" }
}
