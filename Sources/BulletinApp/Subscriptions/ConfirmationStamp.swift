import Foundation

/// The issue label of a confirmation token: `subscribe-<unix seconds>`, when the token was made.
///
/// Signed into the token with the rest, so that a confirmation link expires (`[web] confirm_days`) and so that
/// a link made before someone unsubscribed cannot subscribe them again: only a link made after their latest
/// status change can (see ``Subscriptions/confirm(_:)``).
public struct ConfirmationStamp: Sendable, Equatable {
    /// When the token was made, to the second.
    public var issued: Date

    private static let prefix = "subscribe-"

    /// The stamp of a token made at `issued`, to the second.
    public init(issued: Date) {
        self.issued = Date(timeIntervalSince1970: issued.timeIntervalSince1970.rounded(.down))
    }

    /// Reads a label; nil when it is not a confirmation stamp.
    public init?(label: String) {
        guard label.hasPrefix(Self.prefix), let seconds = Int64(label.dropFirst(Self.prefix.count)) else {
            return nil
        }
        issued = Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The label signed into the token.
    public var label: String { Self.prefix + String(Int64(issued.timeIntervalSince1970)) }
}
