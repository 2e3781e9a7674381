/// Bulletin's database schema, as an ordered list of migrations. Never edit a released migration; add one.
public enum Schema {
    /// The schema version this Bulletin writes: the newest migration's.
    public static var currentVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Every migration, oldest first.
    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "subscribers",
            sql: """
                CREATE TABLE subscribers (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL COLLATE NOCASE,
                    name TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL
                        CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced', 'complained')),
                    topics TEXT NOT NULL DEFAULT '[]',
                    attributes TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    confirmed_at INTEGER,
                    unsubscribed_at INTEGER,
                    source TEXT NOT NULL DEFAULT ''
                );

                -- Every status change of every subscriber, oldest first.
                CREATE TABLE subscriber_events (
                    id INTEGER PRIMARY KEY,
                    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
                    at INTEGER NOT NULL,
                    from_status TEXT,
                    to_status TEXT NOT NULL,
                    source TEXT NOT NULL,
                    reason TEXT NOT NULL DEFAULT ''
                );
                -- Unique regardless of case (the column's collation). A separate index, not a UNIQUE constraint,
                -- so that a bulk import can drop it and build it again sorted.
                \(SQLiteSubscriberStore.createEmailIndex);

                CREATE INDEX subscriber_events_by_subscriber ON subscriber_events (subscriber_id);

                -- Addresses erased with `subscribers remove`: only a SHA-256 of the lower-cased address is kept,
                -- so that an import does not bring the person back.
                CREATE TABLE removed_addresses (
                    email_hash BLOB PRIMARY KEY,
                    removed_at INTEGER NOT NULL,
                    source TEXT NOT NULL
                ) WITHOUT ROWID;
                """),
        Migration(version: 2, name: "articles and page views", sql: ArticleSchema.sql),
        Migration(version: 3, name: "digest steering and sent issues", sql: DigestSchema.sql),
        Migration(version: 4, name: "frozen issues and the delivery ledger", sql: DeliverySchema.sql),
        Migration(
            version: 5, name: "link keys and confirmation pacing",
            sql: """
                -- A random key per subscriber, signed into their links: an id may be given again after an erasure,
                -- a key is not. Subscribers already on the list keep honouring the links already mailed to them
                -- (which carry no key); nobody added from now on does.
                ALTER TABLE subscribers ADD COLUMN link_key INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE subscribers ADD COLUMN unkeyed_links INTEGER NOT NULL DEFAULT 0;
                UPDATE subscribers SET link_key = random(), unkeyed_links = 1;
                -- When the subscribe form last mailed a confirmation to the address ([web] confirmation_interval).
                ALTER TABLE subscribers ADD COLUMN confirmation_sent_at INTEGER;
                """),
        Migration(version: 6, name: "halted issues", sql: DeliverySchema.haltSQL),
        Migration(version: 7, name: "inbound reports", sql: InboundSchema.sql),
        Migration(
            version: 8, name: "campaign visits",
            sql: """
                -- Per source, the page views whose URL carried one of our issues' campaigns (utm_source=bulletin,
                -- utm_campaign=<week>), per issue, path and day (in the configured time zone). They are counted
                -- in page_views as well; this table keeps them apart for `bulletin report`.
                CREATE TABLE campaign_views (
                    source_id INTEGER NOT NULL REFERENCES view_sources (id) ON DELETE CASCADE,
                    campaign TEXT NOT NULL,
                    path TEXT NOT NULL,
                    day TEXT NOT NULL,
                    visits INTEGER NOT NULL,
                    visitors INTEGER NOT NULL,
                    PRIMARY KEY (source_id, campaign, path, day)
                ) WITHOUT ROWID;
                CREATE INDEX campaign_views_by_campaign ON campaign_views (campaign, day, path);
                """),
        Migration(version: 9, name: "refreshed sources", sql: RefreshSchema.sql),
        Migration(version: 10, name: "editors' exclusion rules", sql: DigestSchema.rulesSQL),
        Migration(version: 12, name: "editors' notes", sql: DigestSchema.notesSQL),
        Migration(
            version: 13, name: "image widths",
            sql: """
                -- The width the feed gave an article's image, so that an issue never shows it wider than it is.
                ALTER TABLE articles ADD COLUMN image_width INTEGER;
                """),
        Migration(
            version: 11, name: "topic sections",
            sql: """
                -- Every topic's section of a frozen issue, as JSON: [{topic, label, articles, text, html}], the
                -- text and html being the fragments spliced into a reader's message. NULL: no sections.
                ALTER TABLE issues ADD COLUMN sections TEXT;
                """),
    ]
}
