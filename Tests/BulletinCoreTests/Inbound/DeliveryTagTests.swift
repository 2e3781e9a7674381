import BulletinCore
import Testing

/// VERP tags: short, lower case, and unforgeable.
@Suite struct DeliveryTagTests {
    static let signer = DeliveryTag.Signer(secret: Array(repeating: 7, count: 32))

    @Test func roundTripsAndFitsALocalPart() throws {
        let tag = DeliveryTag(week: "2026-W48", subscriberID: 123_456)
        let text = try #require(Self.signer.text(tag))
        #expect(text.hasPrefix("2026w48.2n9c."))
        #expect(text == text.lowercased())
        #expect(Self.signer.verify(text) == tag)
        #expect(Self.signer.verify(text.uppercased()) == tag)
        let bounce = try EmailAddress("bounces@eurasia.example.org")
        let sender = try #require(Self.signer.envelopeSender(tag, bounceAddress: bounce))
        #expect(sender == "bounces+\(text)@eurasia.example.org")
        #expect(sender.split(separator: "@")[0].count <= 64)
        #expect(try EmailAddress(sender).value == sender)
    }

    @Test func refusesAlteredForgedAndForeignTags() throws {
        let text = try #require(Self.signer.text(DeliveryTag(week: "2026-W48", subscriberID: 42)))
        let other = try #require(Self.signer.text(DeliveryTag(week: "2026-W48", subscriberID: 43)))
        let pieces = text.split(separator: ".")
        let swapped = "\(pieces[0]).\(String(43, radix: 36)).\(pieces[2])"
        #expect(Self.signer.verify(swapped) == nil)
        #expect(Self.signer.verify(other) != nil)
        #expect(Self.signer.verify("2026w48.16.aaaaaaaaaaaaaaaa") == nil)
        #expect(Self.signer.verify("") == nil)
        #expect(Self.signer.verify("2026w48.16") == nil)
        let stranger = DeliveryTag.Signer(secret: Array(repeating: 8, count: 32))
        #expect(stranger.verify(text) == nil)
    }

    @Test(arguments: ["2026-W00", "2026-W54", "26-W48", "2026-48", "week"])
    func refusesWeeksThatAreNotISOWeeks(week: String) {
        #expect(Self.signer.text(DeliveryTag(week: week, subscriberID: 1)) == nil)
    }
}
