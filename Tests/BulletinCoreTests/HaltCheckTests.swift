import BulletinCore
import Testing

@Suite("The halt check over a send's latest outcomes")
struct HaltCheckTests {
    private let accepted = DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: 250, replyText: "OK")
    private let bounced = DeliveryOutcome(
        kind: .rejected, stage: .rcptTo, replyCode: 550, replyText: "5.1.1 No such user")
    private let deferred = DeliveryOutcome(kind: .deferred, stage: .rcptTo, replyCode: 451, replyText: "later")
    private let senderRefused = DeliveryOutcome(
        kind: .deferred, stage: .mailFrom, replyCode: 553, replyText: "not owned")

    /// Records `outcomes` in order; returns after how many the check said to halt (nil: never).
    private func haltsAfter(_ check: inout HaltCheck, _ outcomes: [DeliveryOutcome]) -> Int? {
        for (index, outcome) in outcomes.enumerated() where check.record(outcome) { return index + 1 }
        return nil
    }

    @Test func waitsForFiftyOutcomesBeforeHalting() {
        var check = HaltCheck(window: 200, failureRate: 0.2)
        #expect(haltsAfter(&check, Array(repeating: bounced, count: 60)) == 50)
        #expect(check.reason.hasPrefix("50 of the last 50 messages were refused permanently (more than 20 %)"))
        #expect(check.reason.hasSuffix("the last one: rejected at RCPT TO: 550 5.1.1 No such user"))
    }

    @Test func haltsOnlyAboveTheRate() {
        var check = HaltCheck(window: 100, failureRate: 0.2)
        // Exactly 20 % all along: never more than the rate.
        #expect(haltsAfter(&check, (0..<100).map { $0 % 5 == 4 ? bounced : accepted }) == nil)
        #expect(haltsAfter(&check, [bounced]) == 1)
    }

    @Test func looksOnlyAtTheWindow() {
        var check = HaltCheck(window: 50, failureRate: 0.2)
        // Ten failures early on, then a clean run: they leave the window.
        let early = Array(repeating: accepted, count: 10) + Array(repeating: bounced, count: 10)
        #expect(haltsAfter(&check, early + Array(repeating: accepted, count: 50)) == nil)
        #expect(check.seen == 50)
        #expect(haltsAfter(&check, Array(repeating: bounced, count: 20)) == 11)
    }

    @Test func deferralsAndRelayRefusalsAreNotPermanentFailures() {
        var check = HaltCheck(window: 50, failureRate: 0.2)
        let outcomes = (0..<200).map { $0 % 2 == 0 ? deferred : senderRefused }
        #expect(haltsAfter(&check, outcomes) == nil)
        #expect(check.seen == 50)
    }
}
