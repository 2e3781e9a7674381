import BulletinCore
import BulletinStore
import Foundation

/// A subscriber command names an address that was erased with `remove`: only a hash of it is kept, so there is
/// no subscriber to act on. The message says when it was removed and what the person can do instead.
public struct RemovedAddressError: Error, CustomStringConvertible, Sendable {
    /// The command that met the removed address; what it can suggest differs.
    public enum Command: Sendable {
        /// `subscribers show`.
        case show
        /// `subscribers unsubscribe`.
        case unsubscribe
        /// `subscribers activate`.
        case activate
        /// `subscribers remove`.
        case remove
    }

    /// The address as given.
    public let email: String
    /// When it was removed.
    public let removedAt: Date
    /// The command that met it.
    public let command: Command

    /// An error for `email`, removed at `removedAt`, met by `command`.
    public init(email: String, removedAt: Date, command: Command) {
        self.email = email
        self.removedAt = removedAt
        self.command = command
    }

    /// The sentence: when the address was removed, and what it means for the command (the CLI names the
    /// commands that bring it back).
    public var description: String { sentence(bringBack: "adding it again brings it back") }

    /// The sentence with `bringBack` saying how the address comes back, where that helps.
    public func sentence(bringBack: String) -> String {
        let day = Timestamp.format(removedAt).prefix(10)
        let removed = "\(email) was removed on \(day) (only a hash of the address is kept)"
        let bringBack = bringBack + ", only if they have asked to subscribe again"
        switch command {
        case .show:
            return "\(removed), so there is nothing to show; \(bringBack)."
        case .unsubscribe:
            return "\(removed), so there is no one to unsubscribe and they get no issues; nothing was changed."
        case .activate:
            return "\(removed), so there is no one to activate; \(bringBack)."
        case .remove:
            return "\(removed), so there is nothing more to remove."
        }
    }

    /// Runs `body`; when it finds no subscriber with `address` because the address was removed, throws this error
    /// instead of ``SubscriberStoreError/notFound(_:)``.
    public static func explaining<T>(
        _ address: EmailAddress, in store: SQLiteSubscriberStore, for command: Command, _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch SubscriberStoreError.notFound {
            try throwIfRemoved(address, in: store, for: command)
            throw SubscriberStoreError.notFound(address.value)
        }
    }

    /// Throws this error when `address` was removed; returns when it was not.
    public static func throwIfRemoved(
        _ address: EmailAddress, in store: SQLiteSubscriberStore, for command: Command
    ) throws {
        if let removedAt = try store.removalDate(of: address) {
            throw RemovedAddressError(email: address.value, removedAt: removedAt, command: command)
        }
    }
}
