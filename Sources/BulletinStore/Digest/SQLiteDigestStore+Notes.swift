import Foundation

extension SQLiteDigestStore {
    /// The editor's note for `week`; nil when there is none.
    public func note(week: String) throws -> String? {
        try database.query("SELECT note FROM digest_notes WHERE week = ?1", [.text(week)]) { try $0.string(0) }.first
    }

    /// Sets the note of `week`, replacing the one before.
    public func setNote(_ note: String, week: String, at now: Date) throws {
        try database.run(
            """
            INSERT INTO digest_notes (week, note, created_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (week) DO UPDATE SET note = excluded.note, created_at = excluded.created_at
            """, [.text(week), .text(note), .integer(UnixTime.seconds(now))])
    }

    /// Removes the note of `week`; returns whether there was one.
    public func clearNote(week: String) throws -> Bool {
        try database.transaction {
            let existed =
                try database.query("SELECT 1 FROM digest_notes WHERE week = ?1", [.text(week)]) { _ in true }.first
                ?? false
            try database.run("DELETE FROM digest_notes WHERE week = ?1", [.text(week)])
            return existed
        }
    }
}
