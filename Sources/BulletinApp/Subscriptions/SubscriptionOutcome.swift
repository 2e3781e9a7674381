import BulletinCore

/// A confirmation message to send: to whom, and the token of their confirm link.
///
/// The name is whatever the sender of the form typed, so it arrives cleaned and capped
/// (``SubscriberFields/cleanName(_:)``): one line, at most 100 characters, no bidirectional overrides.
public struct ConfirmationRequest: Sendable, Equatable {
    /// The subscriber's identifier.
    public var subscriberID: Int64
    /// The subscriber's link key, for the message's own unsubscribe link.
    public var linkKey: Int64
    /// Where the message goes.
    public var address: EmailAddress
    /// The name they gave (may be empty), cleaned.
    public var name: String
    /// The signed confirm token.
    public var token: String

    /// Creates a request.
    public init(subscriberID: Int64, linkKey: Int64, address: EmailAddress, name: String = "", token: String) {
        self.subscriberID = subscriberID
        self.linkKey = linkKey
        self.address = address
        self.name = SubscriberFields.cleanName(name)
        self.token = token
    }
}

/// What a subscribe request led to. The page shown is the same whichever it is, so that the form does not tell
/// who is subscribed.
public enum SubscribeOutcome: Sendable, Equatable {
    /// A confirmation message goes out (a new address, a pending one, or one who left and may come back).
    case confirm(ConfirmationRequest)
    /// Nothing happens, for the reason given (for the log only).
    case nothing(String)
}

/// What a confirm request led to.
public enum ConfirmOutcome: Sendable, Equatable {
    /// The subscriber is active now (or already was).
    case confirmed(Subscriber)
    /// The link is older than `[web] confirm_days`.
    case expired
    /// The link was made before the subscriber's latest status change (they unsubscribed or complained since).
    case superseded
    /// The subscriber the link names is no longer in the store.
    case unknownSubscriber
}

/// What an unsubscribe request led to.
public enum UnsubscribeOutcome: Sendable, Equatable {
    /// The subscriber will get no more mail (whether this request changed it or an earlier one did).
    case unsubscribed
    /// The subscriber the link names is no longer in the store (erased): nothing to do, and nothing mailed.
    case unknownSubscriber
}
