/// The tables of migration 2: the site's articles, the feeds they came from, and page views per path and day.
enum ArticleSchema {
    static let sql = """
        -- One row per article, identified by its canonical URL.
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            guid TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            published_at INTEGER NOT NULL,
            updated_at INTEGER,
            summary_text TEXT NOT NULL DEFAULT '',
            summary_html TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            image_url TEXT,
            feed TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            first_seen_at INTEGER NOT NULL,
            changed_at INTEGER NOT NULL
        );
        CREATE INDEX articles_by_path ON articles (path);
        CREATE INDEX articles_by_published ON articles (published_at);

        -- What each fetched feed's server said last, for conditional GETs.
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            checked_at INTEGER NOT NULL,
            changed_at INTEGER
        ) WITHOUT ROWID;

        -- Each imported log or export, recognized by its first line(s), so that importing it again replaces
        -- what it contributed instead of adding to it.
        CREATE TABLE view_sources (
            id INTEGER PRIMARY KEY,
            fingerprint BLOB NOT NULL UNIQUE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            lines INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            imported_at INTEGER NOT NULL
        );

        -- Views and distinct visitors per path and day (in the configured time zone), per source.
        CREATE TABLE page_views (
            source_id INTEGER NOT NULL REFERENCES view_sources (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            day TEXT NOT NULL,
            views INTEGER NOT NULL,
            visitors INTEGER NOT NULL,
            PRIMARY KEY (source_id, path, day)
        ) WITHOUT ROWID;
        CREATE INDEX page_views_by_day ON page_views (day, path);
        """
}
