/// Where one recipient's copy of an issue stands in the delivery ledger.
///
/// A row moves `queued → sending → sent | deferred | failed | unknown`; a deferred row goes back through
/// `sending` on a later run until it is sent or its attempts run out. `skipped` is a row whose subscriber stopped
/// being active (unsubscribed, bounced, removed) before it was delivered.
public enum DeliveryState: String, Sendable, Equatable, CaseIterable {
    /// In the audience snapshot, not tried yet.
    case queued
    /// Handed to the relay by a run that has not recorded the outcome yet. A later run that finds a row in this
    /// state knows the run that took it died.
    case sending
    /// The relay accepted the message.
    case sent
    /// The relay said to try again later (or could not be reached); a later run will.
    case deferred
    /// The relay refused the message, or its attempts ran out.
    case failed
    /// The connection was lost after the message was sent and before the relay answered: it may have been
    /// delivered. Never re-sent on its own (`send --retry-unknown` does it deliberately).
    case unknown
    /// The subscriber was no longer active when their turn came.
    case skipped

    /// Whether a row in this state still waits for delivery.
    public var isPending: Bool {
        self == .queued || self == .sending || self == .deferred
    }
}
