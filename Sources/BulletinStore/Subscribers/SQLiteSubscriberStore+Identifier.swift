import BulletinCore

extension SQLiteSubscriberStore {
    /// The subscriber with this identifier (as signed into link tokens), if any.
    public func subscriber(id: Int64) throws -> Subscriber? {
        try database.query(
            "SELECT \(Self.columns) FROM subscribers WHERE id = ?1", [.integer(id)],
            row: { try Self.subscriber(from: $0) }
        ).first
    }
}
