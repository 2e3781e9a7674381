import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Testing

@Suite struct SubscriberListingTests {
    /// The CSV `SubscriberDirectory.exportCSV` writes for `filter`.
    private func export(_ fixture: AppFixture, _ filter: SubscriberFilter = SubscriberFilter()) throws -> String {
        var text = ""
        _ = try SubscriberDirectory(environment: fixture.environment).exportCSV(filter) { text += $0 }
        return text
    }

    @Test func exportIsWhatImportReadsAndARoundTripChangesNothing() throws {
        let fixture = try AppFixture()
        let importer = try SubscriberImport(environment: fixture.environment)
        let file = try fixture.write(
            "email,name,topics,status,city\na@example.org,\"Sadykova, Aigerim\",politics;economy,,Алматы\n"
                + "b@example.org,Boris,,unsubscribed,\n", to: "m.csv")
        #expect(try importer.run(path: file, pending: false, resubscribe: false, dryRun: false).summary.invalid == 0)
        let exported = try export(fixture)
        #expect(exported.hasPrefix("email,name,status,topics,created_at,confirmed_at,unsubscribed_at,source,city\r\n"))

        let again = try importer.run(
            path: try fixture.write(exported, to: "out.csv"), pending: false, resubscribe: false, dryRun: false)
        #expect(again.summary.added == 0)
        #expect(again.summary.updated == 0)
        #expect(again.summary.unchanged == 2)

        let other = try AppFixture()
        let copied = try other.write(exported, to: "in.csv")
        let imported = try SubscriberImport(environment: other.environment).run(
            path: copied, pending: false, resubscribe: false, dryRun: false)
        #expect(imported.summary.invalid == 0)
        #expect(try export(other) == exported)

        var unsubscribed: [String] = []
        try SubscriberDirectory(environment: fixture.environment).forEach(SubscriberFilter(status: .unsubscribed)) {
            unsubscribed.append($0.email)
        }
        #expect(unsubscribed == ["b@example.org"])
    }

    @Test func listSearchesNonASCIINamesAndDomainsInAnyCase() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        _ = try changes.add(
            try EmailAddress("kunde@BÜCHER.de"), name: "Heidi Müller", topics: [], attributes: [:], status: .active,
            force: false)
        _ = try changes.add(
            try EmailAddress("ivan@example.ru"), name: "Иван", topics: [], attributes: [:], status: .active,
            force: false)
        let directory = try SubscriberDirectory(environment: fixture.environment)
        func emails(_ text: String) throws -> [String] {
            var found: [String] = []
            try directory.forEach(SubscriberFilter(search: text)) { found.append($0.email) }
            return found
        }
        #expect(try emails("MÜLLER") == ["kunde@xn--bcher-kva.de"])
        #expect(try emails("bücher") == ["kunde@xn--bcher-kva.de"])
        #expect(try emails("иван") == ["ivan@example.ru"])
        #expect(try emails("100%") == [])
    }

    @Test func listAndStatsCountByStatus() throws {
        let fixture = try AppFixture()
        let changes = try SubscriberChanges(environment: fixture.environment)
        _ = try changes.add(
            try EmailAddress("b@example.org"), name: "Boris", topics: [], attributes: [:], status: .active,
            force: false)
        _ = try changes.add(
            try EmailAddress("a@example.org"), name: "", topics: [], attributes: [:], status: .pending, force: false)
        let directory = try SubscriberDirectory(environment: fixture.environment)
        var listed: [String] = []
        try directory.forEach(SubscriberFilter()) { listed.append("\($0.email)\t\($0.name)\t\($0.status.rawValue)") }
        #expect(listed == ["a@example.org\t\tpending", "b@example.org\tBoris\tactive"])
        var active: [String] = []
        try directory.forEach(SubscriberFilter(status: .active)) { active.append($0.email) }
        #expect(active == ["b@example.org"])
        #expect(try directory.count(SubscriberFilter()) == 2)
        let stats = try directory.stats()
        #expect(stats.total == 2)
        #expect(stats.byStatus["active"] == 1)
        #expect(stats.byStatus["pending"] == 1)
    }
}
