/// The tables of migration 4: issues as frozen by their first `send`, and the per-recipient delivery ledger.
///
/// The first real `send` of a week composes the issue once and stores it in `issues` (subject, both rendered parts
/// with their personal-slot markers, the articles); every later run of that week delivers exactly that. In the
/// same transaction it takes the audience snapshot: one `deliveries` row per subscriber active at that moment.
///
/// A row's state moves `queued → sending → sent | deferred | failed | unknown`; `skipped` is a row whose subscriber
/// stopped being active before it was delivered. `sending` rows found by a later run were in flight when a run
/// died: they become `unknown`, since the relay may have them.
enum DeliverySchema {
    static let sql = """
        -- One row per issue that a `send` froze, named after its ISO week. The parts are the rendered templates
        -- with personal-slot markers (U+E000 name U+E001) where each subscriber's values go; they hold no
        -- personal data, so the web archive can show them.
        CREATE TABLE issues (
            week TEXT PRIMARY KEY,
            number INTEGER NOT NULL,
            subject TEXT NOT NULL,
            text_part TEXT NOT NULL,
            html_part TEXT NOT NULL,
            articles TEXT NOT NULL DEFAULT '[]',
            created_at INTEGER NOT NULL,
            audience INTEGER NOT NULL DEFAULT 0,
            completed_at INTEGER
        ) WITHOUT ROWID;

        -- The delivery ledger: one row per recipient of an issue.
        CREATE TABLE deliveries (
            week TEXT NOT NULL REFERENCES issues (week) ON DELETE CASCADE,
            subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'skipped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL,
            message_id TEXT,
            stage TEXT,
            reply_code INTEGER,
            reply_text TEXT,
            PRIMARY KEY (week, subscriber_id)
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_by_state ON deliveries (week, state, subscriber_id);
        CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id);
        -- The rows a run left in flight, found at the start of every send without reading the whole ledger.
        CREATE INDEX deliveries_in_flight ON deliveries (state) WHERE state = 'sending';
        """

    /// Migration 6: a send that sees too many permanent failures halts its issue, with the reason, until a person
    /// resumes it (`send --resume`).
    static let haltSQL = """
        ALTER TABLE issues ADD COLUMN halted_at INTEGER;
        ALTER TABLE issues ADD COLUMN halt_reason TEXT;
        """
}
