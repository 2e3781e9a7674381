import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct ViewImportTests {
    private static let log = """
        203.0.113.5 - - [17/Nov/2026:10:00:00 +0000] "GET /news/story HTTP/1.1" 200 512 "-" "Mozilla/5.0"
        203.0.113.6 - - [17/Nov/2026:11:00:00 +0000] "GET /news/story/?utm_source=x HTTP/1.1" 200 512 "-" "Mozilla/5.0"
        203.0.113.7 - - [17/Nov/2026:12:00:00 +0000] "GET /style.css HTTP/1.1" 200 100 "-" "Mozilla/5.0"
        66.249.66.1 - - [17/Nov/2026:12:00:00 +0000] "GET /news/story HTTP/1.1" 200 512 "-" "Googlebot/2.1"
        this is not a log line

        """

    @Test func importsALogAndReplacesItOnTheSecondImport() throws {
        let fixture = try AppFixture()
        let path = try fixture.write(Self.log, to: "access.log")
        let importer = try ViewImport(environment: fixture.environment)
        let first = try importer.run(path: path, name: path, format: .combined, site: nil, period: nil)
        #expect(!first.replaced)
        #expect(first.outcome.counts.views == 2)
        #expect(first.outcome.counts.pages == 1)
        #expect(first.outcome.counts.robots == 1)
        #expect(first.outcome.counts.unparseable == 1)
        #expect(first.outcome.problems.count == 1)

        let second = try importer.run(path: path, name: path, format: .combined, site: nil, period: nil)
        #expect(second.replaced)
        let totals = try SQLitePageViewStore(database: try fixture.environment.openDatabase()).totals(
            from: nil, through: nil)
        #expect(totals.views == 2)
    }

    @Test func anInputWithNoLinesWritesNothing() throws {
        let fixture = try AppFixture()
        let path = try fixture.write("", to: "empty.log")
        #expect(throws: ViewsImportError.empty(path)) {
            try ViewImport(environment: fixture.environment).run(
                path: path, name: path, format: .combined, site: nil, period: nil)
        }
        let store = SQLitePageViewStore(database: try fixture.environment.openDatabase())
        #expect(try store.sources().isEmpty)
    }
}
