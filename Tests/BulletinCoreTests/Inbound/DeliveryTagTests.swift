import BulletinCore
import Testing

/// VERP tags: short, lower case, unforgeable, and bound to one person.
@Suite struct DeliveryTagTests {
    let signer: DeliveryTag.Signer

    init() throws {
        signer = DeliveryTag.Signer(links: try LinkSigner(secret: Array(repeating: 7, count: 32)))
    }

    func verify(_ text: String, key: Int64) -> DeliveryTag? {
        signer.read(text).flatMap { signer.verify($0, key: key) }
    }

    @Test func roundTripsAndFitsALocalPart() throws {
        let tag = DeliveryTag(week: "2026-W48", subscriberID: 123_456)
        let text = try #require(signer.text(tag, key: 99))
        #expect(text.hasPrefix("2026w48.2n9c."))
        #expect(text == text.lowercased())
        #expect(verify(text, key: 99) == tag)
        #expect(verify(text.uppercased(), key: 99) == tag)
        let bounce = try EmailAddress("bounces@eurasia.example.org")
        let sender = try #require(signer.envelopeSender(tag, key: 99, bounceAddress: bounce))
        #expect(sender == "bounces+\(text)@eurasia.example.org")
        #expect(sender.split(separator: "@")[0].count <= 64)
        #expect(try EmailAddress(sender).value == sender)
    }

    @Test func refusesAlteredForgedAndForeignTags() throws {
        let text = try #require(signer.text(DeliveryTag(week: "2026-W48", subscriberID: 42), key: 5))
        let pieces = text.split(separator: ".")
        let swapped = "\(pieces[0]).\(String(43, radix: 36)).\(pieces[2])"
        #expect(verify(swapped, key: 5) == nil)
        #expect(verify("2026w48.16.aaaaaaaaaaaaaaaa", key: 5) == nil)
        #expect(signer.read("") == nil)
        #expect(signer.read("2026w48.16") == nil)
        let stranger = DeliveryTag.Signer(links: try LinkSigner(secret: Array(repeating: 8, count: 32)))
        #expect(stranger.read(text).flatMap { stranger.verify($0, key: 5) } == nil)
    }

    @Test func aTagOfAnErasedSubscriberDoesNotNameTheNextOneWithTheSameID() throws {
        let text = try #require(signer.text(DeliveryTag(week: "2026-W48", subscriberID: 42), key: 5))
        let unverified = try #require(signer.read(text))
        #expect(unverified.claimed.subscriberID == 42)
        #expect(signer.verify(unverified, key: 6) == nil)
    }

    @Test(arguments: ["2026-W00", "2026-W54", "26-W48", "2026-48", "week", "2026-W8"])
    func refusesWeeksThatAreNotISOWeeks(week: String) {
        #expect(signer.text(DeliveryTag(week: week, subscriberID: 1), key: 1) == nil)
    }
}
