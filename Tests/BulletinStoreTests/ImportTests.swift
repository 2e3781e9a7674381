import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite("Subscriber import")
struct ImportTests {
    @Test func addsUpdatesAndLeavesUnchanged() throws {
        let fixture = try StoreFixture()
        let (first, _) = try fixture.importCSV(
            "email,name,topics,city\na@example.org,Anna,politics;economy,Tbilisi\nb@example.org,Boris,,Baku\n")
        #expect(first.added == 2)
        let (second, _) = try fixture.importCSV(
            "email,name,topics,city,plan\nA@EXAMPLE.ORG,Anna,politics;economy,Tbilisi,\nb@example.org,Boris B,,,free\n")
        #expect(second.unchanged == 1)
        #expect(second.updated == 1)
        let boris = try #require(try fixture.subscriber("b@example.org"))
        #expect(boris.name == "Boris B")
        #expect(boris.attributes == ["city": "Baku", "plan": "free"])
        #expect(try fixture.subscriber("a@example.org")?.topics == ["politics", "economy"])
    }

    @Test func neverResurrectsWithoutResubscribe() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV(
            "email,status\nu@example.org,unsubscribed\nb@example.org,bounced\nc@example.org,complained\nr@example.org,active\n"
        )
        try fixture.store.remove(email: try EmailAddress("r@example.org"), source: "cli", at: fixture.now)

        let rows = "email,name\nu@example.org,U\nb@example.org,B\nc@example.org,C\nr@example.org,R\n"
        let (quiet, _) = try fixture.importCSV(rows)
        // No status column: names are updated, statuses kept, the removed address stays removed.
        #expect(quiet.updated == 3)
        #expect(quiet.skipped == 1)
        #expect(try fixture.subscriber("u@example.org")?.status == .unsubscribed)
        #expect(try fixture.subscriber("r@example.org") == nil)

        let (explicit, _) = try fixture.importCSV(
            "email,status\nu@example.org,active\nb@example.org,pending\nc@example.org,active\nr@example.org,active\n")
        #expect(explicit.skipped == 4)
        #expect(try fixture.subscriber("b@example.org")?.status == .bounced)

        let (again, _) = try fixture.importCSV(
            "email,status\nu@example.org,active\nr@example.org,\n",
            options: ImportOptions(resubscribe: true, source: "import:members.csv"))
        #expect(again.updated == 1)
        #expect(again.added == 1)
        #expect(try fixture.subscriber("u@example.org")?.status == .active)
        #expect(try fixture.subscriber("r@example.org")?.status == .active)
        let history = try fixture.store.history(of: try #require(try fixture.subscriber("u@example.org")))
        #expect(history.map(\.toStatus) == [.unsubscribed, .active])
    }

    @Test func anImportMayUnsubscribe() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV("email\na@example.org\n")
        let (summary, _) = try fixture.importCSV("email,status\na@example.org,unsubscribed\n")
        #expect(summary.updated == 1)
        let subscriber = try #require(try fixture.subscriber("a@example.org"))
        #expect(subscriber.status == .unsubscribed)
        #expect(subscriber.unsubscribedAt == fixture.now)
    }

    @Test func pendingAppliesToNewAddressesOnly() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV("email\nold@example.org\n")
        try fixture.importCSV(
            "email\nold@example.org\nnew@example.org\n",
            options: ImportOptions(pending: true, source: "import:members.csv"))
        #expect(try fixture.subscriber("old@example.org")?.status == .active)
        #expect(try fixture.subscriber("new@example.org")?.status == .pending)
        #expect(try fixture.subscriber("new@example.org")?.confirmedAt == nil)
    }

    @Test func theLastRowForAnAddressWins() throws {
        let fixture = try StoreFixture()
        let (summary, _) = try fixture.importCSV("email,name\nx@example.org,First\nX@example.org,Second\n")
        #expect(summary.duplicates == 1)
        #expect(try fixture.subscriber("x@example.org")?.name == "Second")
        #expect(try fixture.store.count(SubscriberFilter()) == 1)
    }

    @Test func readsSemicolonSeparatedFilesAndSkipsRowsOfEmptyCells() throws {
        let fixture = try StoreFixture()
        let (summary, invalid) = try fixture.importCSV(
            "email;name;city;;\r\na@example.org;\"Petrov; Ivan\";Berlin;;\r\n;;;;\r\nb@example.org;Boris;;;\r\n")
        #expect(invalid.isEmpty)
        #expect(summary.added == 2)
        #expect(try fixture.subscriber("a@example.org")?.name == "Petrov; Ivan")
        #expect(try fixture.subscriber("a@example.org")?.attributes == ["city": "Berlin"])
    }

    @Test func theLastRowWinsAlsoAfterAnEarlierRowThatSuppresses() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV("email\nkept@example.org\nwas@example.org\n")
        try fixture.store.changeStatus(
            email: try EmailAddress("was@example.org"), to: .unsubscribed, source: "cli", reason: "", at: fixture.now)
        // Not a bulk load (the store has subscribers): an active one unsubscribed and back, a new one bounced and
        // then given without a status, an unsubscribed one that no row of the file may reactivate.
        let (summary, _) = try fixture.importCSV(
            "email,status\nkept@example.org,unsubscribed\nKEPT@example.org,active\nnew@example.org,bounced\n"
                + "new@example.org,\nwas@example.org,bounced\nwas@example.org,active\n")
        #expect(summary.duplicates == 3)
        #expect(summary.skipped == 1)
        #expect(try fixture.subscriber("kept@example.org")?.status == .active)
        #expect(try fixture.subscriber("new@example.org")?.status == .active)
        #expect(try fixture.subscriber("was@example.org")?.status == .bounced)

        // The same in a bulk load into an empty store.
        let empty = try StoreFixture()
        try empty.importCSV(
            "email,status\nb@example.org,bounced\nb@example.org,\nc@example.org,active\nc@example.org,complained\n")
        #expect(try empty.subscriber("b@example.org")?.status == .active)
        #expect(try empty.subscriber("c@example.org")?.status == .complained)
    }

    @Test func aFirstImportRebuildsTheUniqueAddressIndex() throws {
        let fixture = try StoreFixture()
        let (summary, _) = try fixture.importCSV(
            "email,name\nA@example.org,One\nb@example.org,Two\na@EXAMPLE.org,Three\n")
        #expect(summary.added == 2)
        #expect(summary.updated == 1)
        #expect(try fixture.subscriber("a@example.org")?.name == "Three")
        let indexes = try fixture.store.database.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subscribers'"
        ) { try $0.string(0) }
        #expect(indexes.contains("subscribers_by_email"))
        #expect(throws: SQLiteError.self) {
            try fixture.store.database.run(
                "INSERT INTO subscribers (email, status, created_at, updated_at) VALUES ('B@example.org', 'active', 0, 0)"
            )
        }
        // A dry run of a first import leaves the index in place too.
        let empty = try StoreFixture()
        try empty.importCSV("email\nx@example.org\n", options: ImportOptions(dryRun: true, source: "import:x"))
        #expect(
            try empty.store.database.query("SELECT count(*) FROM sqlite_master WHERE name = 'subscribers_by_email'") {
                $0.int64(0)
            } == [1])
    }

    @Test func reportsInvalidRowsAndImportsTheRest() throws {
        let fixture = try StoreFixture()
        let (summary, invalid) = try fixture.importCSV(
            "email,name,status\nok@example.org,Ok,\nnot-an-address,X,\nshort@example.org\nz@example.org,Z,nonsense\n"
                + "last@example.org,Last,\n\"open,quote\nnever@example.org,Never,\n")
        #expect(summary.added == 2)
        #expect(summary.invalid == 4)
        // The unterminated quote on line 7 runs to the end of the file: that row is reported, not guessed at.
        #expect(invalid.map(\.line) == [3, 4, 5, 7])
        #expect(try fixture.subscriber("never@example.org") == nil)
        #expect(invalid.first?.reason == "'not-an-address': it has no @")
    }

    @Test func aDryRunWritesNothing() throws {
        let fixture = try StoreFixture()
        let (summary, _) = try fixture.importCSV(
            "email\na@example.org\nb@example.org\n", options: ImportOptions(dryRun: true, source: "import:x"))
        #expect(summary.added == 2)
        #expect(try fixture.store.count(SubscriberFilter()) == 0)
    }

    struct Interrupted: Error {}

    @Test func anInterruptedImportLeavesTheDatabaseAsItWas() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV("email,name\nkept@example.org,Kept\n")
        let before = try fixture.exportCSV()
        #expect(throws: Interrupted.self) {
            try fixture.store.importSubscribers(options: ImportOptions(source: "import:x"), at: fixture.now) {
                importer in
                for index in 0..<500 {
                    _ = try importer.apply(SubscriberRecord(email: try EmailAddress("n\(index)@example.org")))
                }
                _ = try importer.apply(SubscriberRecord(email: try EmailAddress("kept@example.org"), name: "Changed"))
                throw Interrupted()
            }
        }
        #expect(try fixture.exportCSV() == before)
    }

    @Test func aReimportNoticesEachKindOfChange() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV(
            "email,name,topics,city,plan\na@example.org,Anna,politics,Tbilisi,free\nb@example.org,Boris,,Baku,free\n"
                + "c@example.org,Chen,,Almaty,free\nd@example.org,Dana,,Riga,free\ne@example.org,Emil,,Oslo,free\n")
        let (summary, _) = try fixture.importCSV(
            "email,name,topics,city,plan\n"
                // Same name and topics, one attribute given and equal, one left blank: nothing changes.
                + "a@example.org,Anna,politics,Tbilisi,\n"
                // A new name; new topics; a new attribute value; a status from the row.
                + "b@example.org,Boris B,,,\nc@example.org,,culture,,\nd@example.org,,,Vilnius,\n"
                + "E@example.org,,,,\n")
        #expect(summary.unchanged == 2)
        #expect(summary.updated == 3)
        #expect(try fixture.subscriber("b@example.org")?.name == "Boris B")
        #expect(try fixture.subscriber("c@example.org")?.topics == ["culture"])
        #expect(try fixture.subscriber("d@example.org")?.attributes == ["city": "Vilnius", "plan": "free"])
        #expect(try fixture.subscriber("a@example.org")?.attributes == ["city": "Tbilisi", "plan": "free"])
    }

    @Test func theRemovalHashOfBytesIsTheHashOfTheAddress() throws {
        let address = try EmailAddress("Mixed.Case@Example.org")
        let fixture = try StoreFixture()
        for store in [
            fixture.store,
            SQLiteSubscriberStore(
                database: fixture.store.database, links: try LinkSigner(secret: Array(repeating: 5, count: 32))),
        ] {
            #expect(
                Array(address.value.utf8).withUnsafeBufferPointer { store.removalHashes($0) }
                    == store.removalHashes(address))
        }
    }

    @Test func theStatusCheckHoldsAgainAfterAnImport() throws {
        // The import turns SQLite's CHECK constraints off for its own statements only.
        let fixture = try StoreFixture()
        let preparedBefore = try fixture.store.database.prepare("UPDATE subscribers SET status = ?1")
        try fixture.importCSV("email\na@example.org\n")
        #expect(throws: SQLiteError.self) {
            try fixture.store.database.execute("UPDATE subscribers SET status = 'sleeping'")
        }
        try preparedBefore.bind("sleeping", at: 1)
        #expect(throws: SQLiteError.self) { try preparedBefore.step() }
        preparedBefore.reset()
        #expect(try fixture.subscriber("a@example.org")?.status == .active)
    }

    @Test func exportThenImportChangesNothing() throws {
        let fixture = try StoreFixture()
        try fixture.importCSV(
            """
            email,name,status,topics,city,note
            a@example.org,"Sadykova, Aigerim",active,politics;economy,Алматы,"says ""hi""
            twice"
            b@example.org,,pending,,,
            c@example.org,Ivan,unsubscribed,culture,Bishkek,
            d@example.org,Nino,bounced,,Tbilisi, padded 

            """)
        try fixture.store.changeStatus(
            email: try EmailAddress("b@example.org"), to: .active, source: "cli", reason: "", at: fixture.now)
        let exported = try fixture.exportCSV()

        let (again, _) = try fixture.importCSV(exported)
        #expect(again.unchanged == 4)
        #expect(try fixture.exportCSV() == exported)

        let elsewhere = try StoreFixture()
        let (fresh, invalid) = try elsewhere.importCSV(exported)
        #expect(invalid.isEmpty)
        #expect(fresh.added == 4)
        #expect(try elsewhere.exportCSV() == exported)
    }
}

@Suite("Imported addresses")
struct ImportedAddressesTests {
    @Test func keepsEveryAddressThroughGrowthAndCollisions() {
        var table = ImportedAddresses(capacity: 16)
        // Keys that share their low bits, and the extremes.
        let keys = (1..<5_000).map { $0 << 20 } + [0, -1, Int.min, Int.max]
        for (offset, key) in keys.enumerated() {
            let slot = table.slot(for: key)
            #expect(table.exchangeLine(at: slot, with: Int32(offset + 1)) == 0)
            table.setRow(Int64(offset + 1), at: slot)
        }
        #expect(table.count == keys.count)
        for (offset, key) in keys.enumerated() {
            let slot = table.slot(for: key)
            #expect(table.row(at: slot) == Int64(offset + 1))
        }
    }

    @Test func aRowIDTooLargeForAnEntryIsLookedUpByAddress() {
        var table = ImportedAddresses()
        let slot = table.slot(for: 42)
        table.setRow(Int64(UInt32.max) + 5, at: slot)
        #expect(table.row(at: slot) == -1)
    }
}
