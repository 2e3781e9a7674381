import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

/// Checked binds, the statement cache and decoding that refuses what it does not know.
@Suite struct StatementTests {
    @Test func refusesAWrongNumberOfValues() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        try database.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        let tooFew = try #require(throws: SQLiteError.self) {
            try database.run("INSERT INTO t (a, b) VALUES (?1, ?2)", [.integer(1)])
        }
        #expect(tooFew.code == 25)  // SQLITE_RANGE
        #expect(tooFew.message == "the statement takes 2 values, 1 were given")
        #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO t (a, b) VALUES (?1, ?2)", [.integer(1), .text("x"), .null])
        }
        #expect(try database.query("SELECT COUNT(*) FROM t") { $0.int64(0) } == [0])
    }

    @Test func refusesABindOutOfRange() throws {
        let fixture = try StoreFixture()
        let statement = try fixture.store.database.prepare("SELECT ?1")
        let error = try #require(throws: SQLiteError.self) { try statement.bind(Int64(7), at: 2) }
        #expect(error.code & 0xFF == 25)
        #expect(error.context == "binding value 2 of a query")
    }

    @Test func reusesOneStatementPerSQLText() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        let first = try database.cachedStatement("SELECT 1")
        let second = try database.cachedStatement("SELECT 1")
        #expect(first === second)
        #expect(try database.cachedStatement("SELECT 2") !== first)
    }

    @Test func aQueryInsideTheSameQueryGetsAStatementOfItsOwn() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        let sql = "SELECT value FROM json_each(?1)"
        let pairs = try database.query(sql, [.text("[1,2]")]) { outer in
            let inner = try database.query(sql, [.text("[10,20]")]) { $0.int64(0) }
            return inner.map { outer.int64(0) * $0 }
        }
        #expect(pairs == [[10, 20], [20, 40]])
    }

    @Test func dropsAStatementThatFailed() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        try database.execute("CREATE TABLE u (a INTEGER NOT NULL)")
        let sql = "INSERT INTO u (a) VALUES (?1)"
        let before = try database.cachedStatement(sql)
        #expect(throws: SQLiteError.self) { try database.run(sql, [.null]) }
        #expect(try database.cachedStatement(sql) !== before)
        try database.run(sql, [.integer(3)])
        #expect(try database.query("SELECT a FROM u") { $0.int64(0) } == [3])
    }

    @Test func theConnectionClosesAfterItsLastStatement() throws {
        weak var connection: SQLiteConnection?
        var statement: Statement?
        do {
            let fixture = try StoreFixture()
            connection = fixture.store.database.connection
            _ = try fixture.store.database.query("SELECT 1") { $0.int64(0) }
            statement = try fixture.store.database.prepare("SELECT 2")
        }
        #expect(connection != nil)
        statement = nil
        #expect(statement == nil)
        #expect(connection == nil)
    }

    @Test func anUnknownStatusIsAnErrorNotADefault() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        let ann = try EmailAddress("ann@example.org")
        try fixture.store.add(
            email: ann, name: "Ann", topics: [], attributes: [:], status: .active, source: "test", at: fixture.now)
        try database.execute("PRAGMA ignore_check_constraints = ON")
        try database.execute("UPDATE subscribers SET status = 'archived'")
        let error = try #require(throws: SQLiteError.self) { try fixture.store.subscriber(email: ann) }
        #expect(error.message == "column status holds 'archived', which is not a known SubscriberStatus")
    }

    @Test func aNullTextIsAnErrorNotAnEmptyText() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        try database.execute("CREATE TABLE n (a TEXT)")
        try database.run("INSERT INTO n (a) VALUES (?1)", [.null])
        let error = try #require(throws: SQLiteError.self) {
            try database.query("SELECT a FROM n") { try $0.string(0) }
        }
        #expect(error.code == 20)  // SQLITE_MISMATCH
        #expect(error.message == "column a holds NULL, which is not a text")
        #expect(try database.query("SELECT a FROM n") { $0.optionalString(0) } == [nil])
        try database.run("UPDATE n SET a = ?1", [.text("")])
        #expect(try database.query("SELECT a FROM n") { try $0.string(0) } == [""])
    }

    @Test func anUnknownDeliveryStateIsAnErrorNotFailed() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        try database.execute("CREATE TABLE s (state TEXT)")
        try database.run("INSERT INTO s (state) VALUES (?1)", [.text("bouncing")])
        let error = try #require(throws: SQLiteError.self) {
            try database.query("SELECT state FROM s") { try $0.value(0, as: DeliveryState.self) }
        }
        #expect(error.message == "column state holds 'bouncing', which is not a known DeliveryState")
    }

    @Test func theLedgerTakesItsStatementsFromTheCache() throws {
        let fixture = try StoreFixture()
        let database = fixture.store.database
        let ledger = SQLiteDeliveryLedger(database: database, policy: RetryPolicy(maxAttempts: 3))
        _ = try ledger.counts(week: "2026-W49")
        let sql = "SELECT state, COUNT(*) FROM deliveries WHERE week = ?1 GROUP BY state"
        let cached = try database.cachedStatement(sql)
        _ = try ledger.counts(week: "2026-W49")
        #expect(try database.cachedStatement(sql) === cached)
    }

    @Test func aStoredAddressThatIsNoAddressIsAnError() throws {
        let fixture = try StoreFixture()
        let ann = try EmailAddress("ann@example.org")
        try fixture.store.add(
            email: ann, name: "Ann", topics: [], attributes: [:], status: .active, source: "test", at: fixture.now)
        #expect(try fixture.store.subscriber(email: ann)?.address == ann)
        try fixture.store.database.execute("UPDATE subscribers SET email = 'ann at example.org'")
        #expect(throws: EmailAddressError.self) {
            try fixture.store.database.query(
                "SELECT \(SQLiteSubscriberStore.columns) FROM subscribers"
            ) { try SQLiteSubscriberStore.subscriber(from: $0) }
        }
    }
}
