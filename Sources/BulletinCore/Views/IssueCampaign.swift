import Foundation

/// The campaign tags Bulletin puts on the links it mails (`[digest] utm_tags`), and how a visit is recognized
/// as one that came from an issue: its URL carries `utm_source=bulletin` and `utm_campaign=<ISO week>`.
///
/// `utm_medium` is written (`email`) but not required when reading, so that a link whose medium a reader's tool
/// rewrote still counts for its issue.
public enum IssueCampaign {
    /// `utm_source`'s value.
    public static let source = "bulletin"
    /// `utm_medium`'s value.
    public static let medium = "email"

    /// The query that tags a link for the issue `week` (`2026-W47`).
    public static func query(week: String) -> String {
        "utm_source=\(source)&utm_medium=\(medium)&utm_campaign=\(week)"
    }

    /// The issue (`2026-W47`) a request target or URL names in its query, when it carries our campaign.
    public static func campaign(inURL text: String) -> String? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { campaign(inTarget: UnsafeBufferPointer($0)) }
    }

    /// The issue (`2026-W47`) a request target names in its query, when it carries our campaign; nil without a
    /// query, fast.
    public static func campaign(inTarget target: UnsafeBufferPointer<UInt8>) -> String? {
        guard let question = target.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        var end = question + 1
        while end < target.count, target[end] != UInt8(ascii: "#") { end += 1 }
        let query = String(decoding: UnsafeBufferPointer(rebasing: target[(question + 1)..<end]), as: UTF8.self)
        var sourceMatches = false
        var week: ISOWeek?
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            let value = String(parts[1]).replacingOccurrences(of: "+", with: " ")
            let decoded = value.removingPercentEncoding ?? value
            if name == "utm_source" {
                sourceMatches = decoded.trimmingCharacters(in: .whitespaces).lowercased() == source
            } else if name == "utm_campaign" {
                week = ISOWeek(decoded)
            }
        }
        guard sourceMatches, let week else { return nil }
        return week.description
    }
}

/// The visits of one page on one day that carried one issue's campaign, as the store keeps them.
public struct DailyCampaignViews: Sendable, Equatable {
    /// The normalized path (see ``PagePath``).
    public var path: String
    /// The day in the configured time zone, as days since 1970-01-01.
    public var day: Int64
    /// The issue the visits' links came from (`2026-W47`).
    public var campaign: String
    /// Page views carrying the campaign.
    public var visits: Int
    /// Distinct visitors among them that day (counted as page views count them).
    public var visitors: Int

    /// Creates a row.
    public init(path: String, day: Int64, campaign: String, visits: Int, visitors: Int) {
        self.path = path
        self.day = day
        self.campaign = campaign
        self.visits = visits
        self.visitors = visitors
    }
}
