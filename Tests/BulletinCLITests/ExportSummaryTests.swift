import Foundation
import Testing

@Suite("bulletin subscribers export: the summary line")
struct ExportSummaryTests {
    @Test func exportToAFileSaysHowManyWithTheRightPlural() throws {
        let site = try Site()
        let none = try site.run("subscribers", "export", "--output", "none.csv")
        #expect(none.status == 0)
        #expect(none.stdout == "Exported 0 subscribers to none.csv.\n")
        #expect(try site.run("subscribers", "add", "a@example.org").status == 0)
        let one = try site.run("subscribers", "export", "--output", "one.csv")
        #expect(one.stdout == "Exported 1 subscriber to one.csv.\n")
        #expect(try site.run("subscribers", "add", "b@example.org").status == 0)
        let two = try site.run("subscribers", "export", "--format", "json", "-o", "two.json")
        #expect(two.stdout == "Exported 2 subscribers to two.json.\n")
    }

    @Test func exportToStandardOutputPrintsOnlyTheData() throws {
        let site = try Site()
        #expect(try site.run("subscribers", "add", "a@example.org").status == 0)
        let result = try site.run("subscribers", "export")
        #expect(result.status == 0)
        #expect(!result.stdout.contains("Exported"))
        #expect(result.stdout.hasPrefix("email,name,status"))
    }
}
