import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct SubscriberImportTests {
    @Test func countsAddedUpdatedUnchangedAndRepeatedRows() throws {
        let fixture = try AppFixture()
        let importer = try SubscriberImport(environment: fixture.environment)
        let path = try fixture.write("email,name\na@example.org,A\nb@example.org,B\n", to: "one.csv")
        let first = try importer.run(path: path, pending: false, resubscribe: false, dryRun: false)
        #expect(first.name == path)
        #expect(first.summary.added == 2)
        #expect(first.total == 2)

        let second = try importer.run(
            path: try fixture.write(
                "email,name\na@example.org,A\nb@example.org,Bee\nc@example.org,C\nc@example.org,See\n", to: "two.csv"),
            pending: false, resubscribe: false, dryRun: false)
        #expect(second.summary.added == 1)
        // The repeated address is added by its first row, then updated by the last.
        #expect(second.summary.updated == 2)
        #expect(second.summary.unchanged == 1)
        #expect(second.summary.duplicates == 1)
        #expect(second.repeatedAddresses == ["line 5: c@example.org is also on line 4; the last row wins"])
        #expect(try fixture.subscriber("c@example.org")?.name == "See")
        #expect(try fixture.subscriber("b@example.org")?.name == "Bee")
    }

    @Test func reportsInvalidRowsByLineAndImportsTheRest() throws {
        let fixture = try AppFixture()
        let result = try SubscriberImport(environment: fixture.environment).run(
            path: try fixture.write(
                "email,name,status\ngood@example.org,Good,\nbad-address,Bad,\nalso@example.org,Also,weird\n",
                to: "m.csv"), pending: false, resubscribe: false, dryRun: false)
        #expect(result.summary.added == 1)
        #expect(result.summary.invalid == 2)
        #expect(result.total == 3)
        #expect(result.invalidRows.count == 2)
        #expect(result.invalidRows[0].contains("line 3: 'bad-address'"))
        #expect(result.invalidRows[1].contains("line 4: unknown status 'weird'"))
        #expect(try fixture.addresses() == ["good@example.org"])
    }

    @Test func aDryRunWritesNothing() throws {
        let fixture = try AppFixture()
        let result = try SubscriberImport(environment: fixture.environment).run(
            path: try fixture.write("\u{FEFF}email,name\r\nx@example.org,X\r\ny@example.org,Y\r\n", to: "d.csv"),
            pending: false, resubscribe: false, dryRun: true)
        #expect(result.summary.added == 2)
        #expect(try fixture.addresses().isEmpty)
    }

    @Test func aFileThatIsNoSubscriberListWritesNothing() throws {
        let fixture = try AppFixture()
        let importer = try SubscriberImport(environment: fixture.environment)
        #expect(throws: (any Error).self) {
            try importer.run(
                path: try fixture.write("name,city\nAda,London\n", to: "no-email.csv"), pending: false,
                resubscribe: false, dryRun: false)
        }
        #expect(throws: InputFileError.self) {
            try importer.run(
                path: fixture.folder.appendingPathComponent("missing.csv").path, pending: false, resubscribe: false,
                dryRun: false)
        }
        #expect(try fixture.addresses().isEmpty)
    }

    @Test func pendingNewcomersAndSuppressedRowsSkippedUnlessResubscribing() throws {
        let fixture = try AppFixture()
        let changes = SubscriberChanges(store: fixture.store, now: fixture.now)
        _ = try changes.add(
            try EmailAddress("gone@example.org"), name: "", topics: [], attributes: [:], status: .active, force: false)
        _ = try changes.unsubscribe(try EmailAddress("gone@example.org"), reason: "asked")
        let csv = try fixture.write("email,status\ngone@example.org,active\nnew@example.org,\n", to: "p.csv")
        let importer = SubscriberImport(store: fixture.store, now: fixture.now, logger: fixture.environment.logger)
        let result = try importer.run(path: csv, pending: true, resubscribe: false, dryRun: false)
        #expect(result.summary.skipped == 1)
        #expect(
            result.skippedRows == ["line 2: gone@example.org is unsubscribed; not reactivated (use --resubscribe)"])
        #expect(try fixture.subscriber("new@example.org")?.status == .pending)
        #expect(try fixture.subscriber("gone@example.org")?.status == .unsubscribed)

        let again = try importer.run(path: csv, pending: false, resubscribe: true, dryRun: false)
        #expect(again.summary.skipped == 0)
        #expect(try fixture.subscriber("gone@example.org")?.status == .active)
    }
}
