import BulletinCore
import Foundation

/// One numbered step of the schema.
public struct Migration: Sendable {
    /// The schema version after this step; migrations run in increasing order.
    public let version: Int
    /// What the step does, for logs.
    public let name: String
    /// The SQL.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Brings a database's schema (`PRAGMA user_version`) up to the newest migration, one transaction per step.
///
/// Before the first step that changes a database that already has a schema, a copy of the database as it was is
/// written beside it (``SchemaBackup``), inside that step's write transaction, so that the copy is exactly what
/// the migration started from; without the copy, nothing is migrated.
struct Migrator {
    let database: Database
    let migrations: [Migration]
    /// Hears where the copy went.
    var announce: (String) -> Void = { _ in }

    func migrate() throws {
        let known = migrations.map(\.version).max() ?? 0
        let current = try userVersion()
        if current > known {
            throw DatabaseOpenError.newerSchema(path: database.path, found: current, known: known)
        }
        var backedUp = false
        for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
            try database.transaction {
                // Another process may have migrated while this one waited for the write lock.
                let version = try userVersion()
                guard version < migration.version else { return }
                if current > 0, !backedUp {
                    let copy = try SchemaBackup.take(of: database, version: version, at: Date())
                    backedUp = true
                    announce(
                        "upgrading the schema of \(database.path) from version \(version) to \(known); the database "
                            + "as it was is kept in \(copy).")
                }
                try database.execute(migration.sql)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    private func userVersion() throws -> Int {
        Int(try database.query("PRAGMA user_version") { $0.int64(0) }.first ?? 0)
    }
}
