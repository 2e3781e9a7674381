import BulletinCore

extension SQLiteSubscriberStore {
    /// The subscriber a signed link names, after checking the token for `purpose`.
    ///
    /// The one check behind `subscribers unsubscribe --token` and the web endpoints of `bulletin serve`.
    ///
    /// - Throws: ``LinkTokenError``: malformed, tampered, made for another purpose, or naming a subscriber who is
    ///   no longer in the store (erased; a later subscriber with the same id is not the person the link names).
    public func subscriber(
        forToken token: String, purpose: LinkPurpose, links: LinkSigner
    ) throws -> (subscriber: Subscriber, token: LinkToken) {
        let contents = try links.verify(token, for: purpose)
        guard let subscriber = try subscriber(named: contents) else {
            throw LinkTokenError.unknownSubscriber(contents.subscriberID)
        }
        return (subscriber, contents)
    }

    /// The subscriber a verified token names, if they are still on the list: the row with the token's id whose
    /// link key matches (``LinkToken/names(_:)``). nil for a link made before an erasure, for ever.
    public func subscriber(named contents: LinkToken) throws -> Subscriber? {
        guard let subscriber = try subscriber(id: contents.subscriberID), contents.names(subscriber) else {
            return nil
        }
        return subscriber
    }
}
