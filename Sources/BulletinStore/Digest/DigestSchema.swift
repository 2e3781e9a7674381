/// The tables of migration 3: editors' pins and exclusions per week, and which articles each sent issue held.
///
/// `digest_issues` and `digest_issue_articles` are the minimal record of *sent* issues that selection needs to
/// leave out articles already mailed. The send command records an issue there once its messages are out
/// (``SQLiteDigestStore/recordSent(_:articles:at:)``); its own delivery ledger can live beside these tables.
enum DigestSchema {
    static let sql = """
        -- An editor's pin (put first) or exclusion (keep out) of one article for one week.
        CREATE TABLE digest_steering (
            week TEXT NOT NULL,
            url TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('pin', 'exclude')),
            created_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (week, url)
        ) WITHOUT ROWID;

        -- One row per sent issue, named after its ISO week.
        CREATE TABLE digest_issues (
            week TEXT PRIMARY KEY,
            sent_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- The articles a sent issue held, in issue order.
        CREATE TABLE digest_issue_articles (
            week TEXT NOT NULL REFERENCES digest_issues (week) ON DELETE CASCADE,
            url TEXT NOT NULL,
            rank INTEGER NOT NULL,
            PRIMARY KEY (week, url)
        ) WITHOUT ROWID;
        CREATE INDEX digest_issue_articles_by_url ON digest_issue_articles (url);
        """

    /// Migration 10: editors' exclusion rules: one URL or a URL path prefix, for one week or (week '') for every
    /// week.
    static let rulesSQL = """
        CREATE TABLE digest_rules (
            kind TEXT NOT NULL CHECK (kind IN ('url', 'path_prefix')),
            value TEXT NOT NULL,
            week TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            PRIMARY KEY (kind, value, week)
        ) WITHOUT ROWID;
        """

    /// Migration 12: an editor's note per week (`digest note`), in the Markdown subset ``EditorNote`` reads.
    static let notesSQL = """
        CREATE TABLE digest_notes (
            week TEXT PRIMARY KEY,
            note TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}
