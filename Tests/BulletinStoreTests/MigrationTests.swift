import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite("Database and migrations")
struct MigrationTests {
    @Test func migratesAnEmptyFileToTheNewestSchema() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        #expect(
            try database.query("PRAGMA user_version") { $0.int64(0) } == [
                Int64(Schema.migrations.map(\.version).max() ?? 0)
            ])
        let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            try $0.string(0)
        }
        #expect(tables.contains("subscribers"))
        #expect(tables.contains("subscriber_events"))
        #expect(tables.contains("removed_addresses"))
        #expect(try database.query("PRAGMA journal_mode") { try $0.string(0) } == ["wal"])
        #expect(try database.query("PRAGMA foreign_keys") { $0.int64(0) } == [1])
    }

    @Test func appliesMigrationsInOrderOnceEach() throws {
        let first = Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)")
        let second = Migration(version: 2, name: "two", sql: "INSERT INTO a VALUES (2)")
        let fixture = try StoreFixture(migrations: [second, first])
        let database = try Database(path: fixture.path, mode: .existing, migrations: [first, second])
        #expect(try database.query("SELECT x FROM a") { $0.int64(0) } == [2])
        #expect(try database.query("PRAGMA user_version") { $0.int64(0) } == [2])
    }

    @Test func aFailedMigrationLeavesTheSchemaAsItWas() throws {
        let first = Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)")
        let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE b (y INTEGER); SELECT * FROM missing")
        let fixture = try StoreFixture(migrations: [first])
        #expect(throws: SQLiteError.self) {
            try Database(path: fixture.path, mode: .existing, migrations: [first, broken])
        }
        let database = try Database(path: fixture.path, mode: .existing, migrations: [first])
        #expect(try database.query("PRAGMA user_version") { $0.int64(0) } == [1])
        #expect(try database.query("SELECT count(*) FROM sqlite_master WHERE name = 'b'") { $0.int64(0) } == [0])
    }

    @Test func refusesADatabaseFromANewerBulletin() throws {
        let fixture = try StoreFixture()
        try fixture.store.database.execute("PRAGMA user_version = 99")
        #expect(
            throws: DatabaseOpenError.newerSchema(
                path: fixture.path, found: 99, known: Schema.migrations.map(\.version).max() ?? 0)
        ) {
            try Database(path: fixture.path, mode: .existing)
        }
    }

    @Test func refusesAMissingFileUnlessCreating() {
        #expect(throws: DatabaseOpenError.missing("/nonexistent/bulletin.sqlite")) {
            try Database(path: "/nonexistent/bulletin.sqlite", mode: .existing)
        }
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let fixture = try StoreFixture()
        let path = fixture.folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SQLiteError.self) { try Database(path: path, mode: .existing) }
        #expect(error.code & 0xFF == 26)
        #expect(error.description.contains("not a Bulletin database"))
    }
}
