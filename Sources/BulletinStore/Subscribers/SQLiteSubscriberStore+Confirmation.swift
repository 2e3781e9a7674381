import BulletinCore
import Foundation

extension SQLiteSubscriberStore {
    /// Records that a confirmation message goes to the subscriber now, unless one went within `interval`: the
    /// subscribe form's pacing, one message per address per `[web] confirmation_interval`.
    ///
    /// One conditional UPDATE, so two processes (or two requests) cannot both get a yes. A status change clears
    /// the time (``changeStatus(email:to:source:reason:at:force:)``): someone who confirmed and then left may ask
    /// again at once, which only they can bring about.
    ///
    /// - Returns: true when a confirmation may be sent (and its time was recorded), false when one was sent less
    ///   than `interval` ago.
    public func claimConfirmation(subscriberID: Int64, interval: TimeInterval, at now: Date) throws -> Bool {
        let time = UnixTime.seconds(now)
        try database.run(
            """
            UPDATE subscribers SET confirmation_sent_at = ?2
            WHERE id = ?1 AND (confirmation_sent_at IS NULL OR confirmation_sent_at <= ?3 OR confirmation_sent_at > ?2)
            """,
            [.integer(subscriberID), .integer(time), .integer(time - Int64(interval))])
        return database.changes == 1
    }
}
