import Testing

@testable import BulletinCore

@Suite("Personal parts left out of the web archive")
struct PersonalPartsTests {
    @Test func aMarkedElementGoesWithWhatItHolds() {
        let html = "<td><p data-personal style=\"m\">You receive <a href=\"x\">W</a> at a@b.</p><p>Unsubscribe</p></td>"
        #expect(PersonalParts.removed(from: html) == "<td><p>Unsubscribe</p></td>")
    }

    @Test func nestedElementsOfTheSameTagAreCounted() {
        let html = "<div data-personal=\"\"><div>a</div><br/>b</div><div>kept</div>"
        #expect(PersonalParts.removed(from: html) == "<div>kept</div>")
    }

    @Test func similarNamesAndUnclosedElementsStay() {
        let html = "<p data-personalised>x</p><p>data-personal in text</p><span data-personal>open"
        #expect(PersonalParts.removed(from: html) == html)
    }

    @Test func theStockFooterLineIsMarked() throws {
        let template = try #require(StockTemplates.sources[StockTemplates.html])
        #expect(template.contains("<p data-personal"))
    }
}
