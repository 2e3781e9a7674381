import BulletinCore
import Foundation
import Testing

/// Dates as real feeds write them.
@Suite struct FeedDateTests {
    @Test(arguments: [
        ("Mon, 23 Nov 2026 07:00:00 GMT", "2026-11-23T07:00:00Z"),
        ("Mon, 23 Nov 2026 07:00:00 +0100", "2026-11-23T06:00:00Z"),
        ("Mon, 23 Nov 2026 07:00:00 +01:00", "2026-11-23T06:00:00Z"),
        ("Mon, 23 Nov 2026 07:00 EST", "2026-11-23T12:00:00Z"),
        ("23 Nov 2026 07:00:00 UT", "2026-11-23T07:00:00Z"),
        ("Mon, 3 Nov 26 07:00:00 PDT", "2026-11-03T14:00:00Z"),
        ("Monday, 23 November 2026 07:00:00 GMT", "2026-11-23T07:00:00Z"),
        ("Seg, 23 Set 2026 07:00:00 -0300", "2026-09-23T10:00:00Z"),
        ("03 Apr 02 1500 GMT", "2002-04-03T15:00:00Z"),
        ("Mon Nov 23 07:00:00 2026", "2026-11-23T07:00:00Z"),
        ("2026-11-23T07:00:00Z", "2026-11-23T07:00:00Z"),
        ("2026-11-23T07:00:00.123-05:00", "2026-11-23T12:00:00Z"),
        ("2026-11-23T07:00:00+0530", "2026-11-23T01:30:00Z"),
        ("2026-11-23 07:00:00", "2026-11-23T07:00:00Z"),
        ("2026-11-23", "2026-11-23T00:00:00Z"),
        ("  Tue, 24 Nov 2026 07:00:00 GMT+3 ", "2026-11-24T04:00:00Z"),
    ])
    func parses(text: String, expected: String) throws {
        let date = try #require(FeedDate.parse(text))
        #expect(Timestamp.format(date) == expected)
    }

    @Test(arguments: ["", "yesterday", "32 Nov 2026", "Mon, 23 Foo 2026 07:00:00 GMT", "2026-13-01T00:00:00Z"])
    func rejects(text: String) {
        #expect(FeedDate.parse(text) == nil)
    }
}
