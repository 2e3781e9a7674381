import BulletinCore
import Foundation

/// A subscriber command cannot do what it was asked.
public enum SubscriberStoreError: BulletinError, Equatable {
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

    public var exitStatus: ExitStatus { self == .removalsNeedSecret ? .configuration : .dataError }

    public var description: String {
        switch self {
        case .notFound(let email):
            return "no subscriber has the address \(email); check the spelling, or list them with "
                + "`bulletin subscribers list --search`."
        case .alreadySubscribed(let email, let status):
            return "\(email) is already a subscriber (\(status.rawValue)); see `bulletin subscribers show \(email)`."
        case .wasRemoved(let email, let date):
            return "\(email) was removed on \(Timestamp.format(date).prefix(10)) and their data erased; add "
                + "--force only if they have asked to subscribe again."
        case .suppressed(let email, let status):
            let why: String
            switch status {
            case .bounced: why = "their address bounced"
            case .complained: why = "they marked an issue as spam"
            default: why = "they unsubscribed"
            }
            return "\(email) is \(status.rawValue) (\(why)); add --force only if they have asked to receive "
                + "the newsletter again."
        case .removalsNeedSecret:
            return "the link secret ([links] secret_file) is missing, and erased addresses are kept under hashes "
                + "keyed with it, so an erased person could be added again; restore the secret file from a backup "
                + "of this installation, then run the command again."
        }
    }
}
