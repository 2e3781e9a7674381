import BulletinCore

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
struct Migrator {
    let database: Database
    let migrations: [Migration]

    func migrate() throws {
        let known = migrations.map(\.version).max() ?? 0
        let current = try userVersion()
        if current > known {
            throw DatabaseOpenError.newerSchema(path: database.path, found: current, known: known)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
            try database.transaction {
                // Another process may have migrated while this one waited for the write lock.
                guard try userVersion() < migration.version else { return }
                try database.execute(migration.sql)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    private func userVersion() throws -> Int {
        Int(try database.query("PRAGMA user_version") { $0.int64(0) }.first ?? 0)
    }
}
