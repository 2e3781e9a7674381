import BulletinCore
import Foundation

/// A subscriber command cannot do what it was asked.
public enum SubscriberStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No subscriber has this address.
    case notFound(String)
    /// The address is already on the list.
    case alreadySubscribed(String, SubscriberStatus)
    /// The address was erased with `remove`; adding it again needs `--force`.
    case wasRemoved(String, Date)
    /// Reactivating someone who unsubscribed, bounced or complained needs `--force`.
    case suppressed(String, SubscriberStatus)
    /// Addresses were erased, and the link secret their hashes are keyed with is missing.
    case removalsNeedSecret

    public var description: String {
        switch self {
        case .notFound(let email):
            return "no subscriber has the address \(email); check the spelling."
        case .alreadySubscribed(let email, let status):
            return "\(email) is already a subscriber (\(status.rawValue))."
        case .wasRemoved(let email, let date):
            return "\(email) was removed on \(Timestamp.format(date).prefix(10)) and their data erased."
        case .suppressed(let email, let status):
            let why: String
            switch status {
            case .bounced: why = "their address bounced"
            case .complained: why = "they marked an issue as spam"
            default: why = "they unsubscribed"
            }
            return "\(email) is \(status.rawValue) (\(why))."
        case .removalsNeedSecret:
            return "the link secret ([links] secret_file) is missing, and erased addresses are kept under hashes "
                + "keyed with it, so an erased person could be added again; restore the secret file from a backup "
                + "of this installation, then run the command again."
        }
    }
}
