import BulletinCore
import Foundation

/// "sent as issue #N on DATE": how `preview` and `digest show` head a week whose issue is frozen.
enum SentIssueHeading {
    /// The phrase for `issue`, its date the day it was frozen in [digest] timezone.
    static func line(_ issue: FrozenIssue, _ configuration: Configuration) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.digest.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: issue.createdAt)
        let date = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return "sent as issue #\(issue.number) on \(date)"
    }
}
