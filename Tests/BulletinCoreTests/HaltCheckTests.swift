import BulletinCore
import Testing

@Suite("The halt check over a send's latest outcomes")
struct HaltCheckTests {
    private let accepted = DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "OK")
    private let bounced = DeliveryOutcome(kind: .rejected, stage: .rcptTo, replyCode: 550, replyText: "5.1.1 No such user")
    private let deferred = DeliveryOutcome(kind: .deferred, stage: .rcptTo, replyCode: 451, replyText: "later")
    private let senderRefused = DeliveryOutcome(
        kind: .deferred, stage: .mailFrom, replyCode: 553, replyText: "not owned")

    @Test func waitsForFiftyOutcomesBeforeHalting() {
        var check = HaltCheck(window: 200, failureRate: 0.2)
        for index in 1..<50 { #expect(!check.record(bounced), "halted after \(index)") }
        #expect(check.record(bounced))
        #expect(check.reason.hasPrefix("50 of the last 50 messages were refused permanently (more than 20 %)"))
        #expect(check.reason.hasSuffix("the last one: rejected at RCPT TO: 550 5.1.1 No such user"))
    }

    @Test func haltsOnlyAboveTheRate() {
        var check = HaltCheck(window: 100, failureRate: 0.2)
        // Exactly 20 %: not more than the rate.
        for index in 0..<100 { #expect(!check.record(index % 5 == 4 ? bounced : accepted)) }
        #expect(check.record(bounced))
    }

    @Test func looksOnlyAtTheWindow() {
        var check = HaltCheck(window: 50, failureRate: 0.2)
        // Forty failures long ago, then a clean run: they leave the window.
        for _ in 0..<10 { _ = check.record(accepted) }
        for _ in 0..<10 { _ = check.record(bounced) }
        for _ in 0..<50 { #expect(!check.record(accepted)) }
        #expect(check.seen == 50)
        for _ in 0..<10 { #expect(!check.record(bounced)) }
        #expect(check.record(bounced))
    }

    @Test func deferralsAndRelayRefusalsAreNotPermanentFailures() {
        var check = HaltCheck(window: 50, failureRate: 0.2)
        for _ in 0..<100 {
            #expect(!check.record(deferred))
            #expect(!check.record(senderRefused))
        }
        #expect(check.seen == 50)
    }
}
