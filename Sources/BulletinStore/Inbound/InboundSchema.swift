/// The table of migration 7: what `bulletin inbound` found in each report that came back (bounces, complaints,
/// unsubscribes by mail, automatic replies), with the delivery it names when one was identified.
enum InboundSchema {
    static let sql = """
        -- One row per recipient a received report is about. `week` and `subscriber_id` name the delivery when it
        -- was identified (by the VERP tag, an unsubscribe token, or the address of someone an issue was sent
        -- to); `identified_by` says how. `outcome` is what was done: bounced, counted (a soft bounce under the
        -- limit), complained, unsubscribed, unchanged (the status was already one that gets nothing), recorded
        -- (auto-replies and others), unidentified, forged (a VERP tag that does not verify).
        CREATE TABLE inbound_reports (
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            day INTEGER NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('hard', 'soft', 'complaint', 'unsubscribe', 'auto-reply', 'other')),
            recipient TEXT,
            status TEXT,
            diagnostic TEXT NOT NULL DEFAULT '',
            week TEXT,
            subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
            identified_by TEXT,
            outcome TEXT NOT NULL
        );
        CREATE INDEX inbound_reports_by_subscriber ON inbound_reports (subscriber_id, kind, received_at);
        CREATE INDEX inbound_reports_by_week ON inbound_reports (week, kind);
        """
}
