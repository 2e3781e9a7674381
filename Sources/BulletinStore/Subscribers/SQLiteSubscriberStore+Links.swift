import BulletinCore

extension SQLiteSubscriberStore {
    /// The subscriber a signed link names, after checking the token for `purpose`.
    ///
    /// The one check behind `subscribers unsubscribe --token` and the web endpoints of `bulletin serve`.
    ///
    /// - Throws: ``LinkTokenError``: malformed, tampered, made for another purpose, or naming a subscriber who is
    ///   no longer in the store.
    public func subscriber(
        forToken token: String, purpose: LinkPurpose, links: LinkSigner
    ) throws -> (subscriber: Subscriber, token: LinkToken) {
        let contents = try links.verify(token, for: purpose)
        guard let subscriber = try subscriber(id: contents.subscriberID) else {
            throw LinkTokenError.unknownSubscriber(contents.subscriberID)
        }
        return (subscriber, contents)
    }
}
