import BulletinCore
import Foundation

@testable import BulletinStore

/// A fresh database in a temporary folder, removed when released.
final class StoreFixture {
    let folder: URL
    let path: String
    let store: SQLiteSubscriberStore
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    init(migrations: [Migration] = Schema.migrations) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-store-\(UUID().uuidString)")
        path = folder.appendingPathComponent("Subscribers/bulletin.sqlite").path
        store = SQLiteSubscriberStore(database: try Database(path: path, mode: .create, migrations: migrations))
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a CSV file into the fixture's folder.
    func csv(_ text: String, name: String = "members.csv") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Imports a CSV file the way `bulletin subscribers import` does and returns the summary and the invalid rows.
    @discardableResult
    func importCSV(
        _ text: String, options: ImportOptions = ImportOptions(source: "import:members.csv")
    )
        throws -> (ImportSummary, [InvalidRow])
    {
        let source = try SubscriberCSVSource(reader: try CSVReader(path: try csv(text)), name: "members.csv")
        var invalid: [InvalidRow] = []
        let summary = try store.importSubscribers(options: options, at: now) { importer in
            var summary = ImportSummary()
            let rows = source.rows()
            while let row = try rows.next() {
                switch row {
                case .invalid(let row):
                    invalid.append(row)
                    summary.invalid += 1
                case .record(let prepared):
                    if importer.earlierLine(for: prepared) != nil { summary.duplicates += 1 }
                    summary.count(try importer.apply(prepared))
                }
            }
            return summary
        }
        return (summary, invalid)
    }

    /// Exports every subscriber as CSV text, the way `bulletin subscribers export` does.
    func exportCSV() throws -> String {
        var text = ""
        let keys = try store.attributeKeys(SubscriberFilter())
        let writer = CSVWriter { text += $0 }
        try writer.writeRecord(SubscriberCSVFormat.exportHeader(attributeKeys: keys))
        try store.forEach(SubscriberFilter()) {
            try writer.writeRecord(SubscriberCSVFormat.exportRow($0, attributeKeys: keys))
        }
        return text
    }

    func subscriber(_ email: String) throws -> Subscriber? {
        try store.subscriber(email: try EmailAddress(email))
    }
}
