import Foundation

/// Counts page views per path and day from combined-format log lines, in memory that does not grow with the
/// log: days are handed to `flush` once the log has moved two days past them.
///
/// A view is a `GET` of a page (see ``PagePath/isPage(_:)``) answered 200 or 304, by a user agent that is not
/// a robot (see ``RobotDetector``). A visitor is a client address with a user agent, counted once per page and
/// day. A view whose target carries an issue's campaign (see ``IssueCampaign``) is counted as a view like any
/// other, and also, apart, as a visit of that campaign (handed to `flushCampaigns`).
public final class PageViewAggregator {
    private struct PageDay: Hashable {
        var path: Int32
        var day: Int64
    }

    private struct Tally {
        var views = 0
        var visitors = Set<UInt64>()
    }

    private var days: LocalDays
    private var times = LogTimeCache()
    private var robots = RobotDetector()
    private var pathIDs: [String: Int32] = [:]
    private var paths: [String] = []
    /// Raw request targets already normalized, by a 64-bit hash of their bytes.
    private var targetCache: [UInt64: Int32] = [:]
    /// The campaign of each raw request target with a query seen, by the same hash: links repeat.
    private var campaignCache: [UInt64: String?] = [:]
    private var open: [PageDay: Tally] = [:]
    private struct CampaignDay: Hashable {
        var page: PageDay
        var campaign: String
    }
    private var openCampaigns: [CampaignDay: Tally] = [:]
    private var newestDay = Int64.min
    private var daysSeen = Set<Int64>()
    private let flush: ([DailyPageViews]) throws -> Void
    private let flushCampaigns: ([DailyCampaignViews]) throws -> Void
    /// The counts so far.
    public private(set) var counts = ViewImportCounts()
    /// The first unparseable lines' numbers (at most ``reportLimit``).
    public private(set) var unparseableLines: [Int] = []
    /// How many unparseable line numbers are kept for the report.
    public static let reportLimit = 10

    /// An aggregator for days in `timeZone` that hands finished days to `flush`, and their campaign visits to
    /// `flushCampaigns`.
    public init(
        timeZone: TimeZone, flush: @escaping ([DailyPageViews]) throws -> Void,
        flushCampaigns: @escaping ([DailyCampaignViews]) throws -> Void = { _ in }
    ) {
        days = LocalDays(timeZone: timeZone)
        self.flush = flush
        self.flushCampaigns = flushCampaigns
    }

    /// Counts one log line.
    ///
    /// - Throws: what `flush` throws.
    public func add(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
        counts.lines += 1
        guard let parsed = CombinedLogLine.parse(line, timeCache: &times) else {
            // Blank lines are not worth a report.
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                counts.unparseable += 1
                if unparseableLines.count < Self.reportLimit { unparseableLines.append(number) }
            } else {
                counts.lines -= 1
            }
            return
        }
        let method = parsed.method
        guard parsed.status == 200 || parsed.status == 304, method.count == 3, line[method.lowerBound] == 0x47,
            line[method.lowerBound + 1] == 0x45, line[method.lowerBound + 2] == 0x54,
            PagePath.isPage(UnsafeBufferPointer(rebasing: line[parsed.target]))
        else {
            counts.other += 1
            return
        }
        let agentRange = parsed.userAgent ?? parsed.target.upperBound..<parsed.target.upperBound
        let agent = UnsafeBufferPointer(rebasing: line[agentRange])
        let agentHash = Self.fnv1a(agent, seed: 0xcbf2_9ce4_8422_2325)
        // The common format has no user agent: every client counts as a person.
        if parsed.userAgent != nil, robots.isRobot(agent, hash: agentHash) {
            counts.robots += 1
            return
        }
        let visitor = Self.fnv1a(UnsafeBufferPointer(rebasing: line[parsed.host]), seed: agentHash)
        let target = UnsafeBufferPointer(rebasing: line[parsed.target])
        let targetHash = Self.fnv1a(target, seed: 0x8422_2325_cbf2_9ce4)
        let path = pathID(target, hash: targetHash)
        let day = days.day(parsed.time)
        if day > newestDay {
            newestDay = day
            try flushDays(before: day - 1)
        }
        daysSeen.insert(day)
        counts.views += 1
        let key = PageDay(path: path, day: day)
        open[key, default: Tally()].views += 1
        open[key, default: Tally()].visitors.insert(visitor)
        if let campaign = campaign(target, hash: targetHash) {
            counts.campaignViews += 1
            let campaignKey = CampaignDay(page: key, campaign: campaign)
            openCampaigns[campaignKey, default: Tally()].views += 1
            openCampaigns[campaignKey, default: Tally()].visitors.insert(visitor)
        }
    }

    /// Hands every remaining day to `flush` and returns the counts.
    public func finish() throws -> ViewImportCounts {
        try flushDays(before: .max)
        counts.pages = paths.count
        counts.days = daysSeen.count
        return counts
    }

    private func flushDays(before limit: Int64) throws {
        try flushCampaignDays(before: limit)
        let done = open.keys.filter { $0.day < limit }
        guard !done.isEmpty else { return }
        var rows: [DailyPageViews] = []
        rows.reserveCapacity(done.count)
        for key in done {
            guard let tally = open.removeValue(forKey: key) else { continue }
            rows.append(
                DailyPageViews(
                    path: paths[Int(key.path)], day: key.day, views: tally.views, visitors: tally.visitors.count))
        }
        rows.sort { ($0.day, $0.path) < ($1.day, $1.path) }
        try flush(rows)
    }

    private func flushCampaignDays(before limit: Int64) throws {
        let done = openCampaigns.keys.filter { $0.page.day < limit }
        guard !done.isEmpty else { return }
        var rows: [DailyCampaignViews] = []
        for key in done {
            guard let tally = openCampaigns.removeValue(forKey: key) else { continue }
            rows.append(
                DailyCampaignViews(
                    path: paths[Int(key.page.path)], day: key.page.day, campaign: key.campaign, visits: tally.views,
                    visitors: tally.visitors.count))
        }
        rows.sort { ($0.day, $0.path, $0.campaign) < ($1.day, $1.path, $1.campaign) }
        try flushCampaigns(rows)
    }

    private func campaign(_ target: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String? {
        guard target.contains(UInt8(ascii: "?")) else { return nil }
        if let known = campaignCache[hash] { return known }
        let found = IssueCampaign.campaign(inTarget: target)
        if campaignCache.count < 100_000 { campaignCache[hash] = found }
        return found
    }

    /// `hash` is the target's FNV-1a hash; a 64-bit collision between two distinct targets of one log is too
    /// unlikely to matter.
    private func pathID(_ target: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        if let known = targetCache[hash] { return known }
        let path = PagePath.normalize(bytes: target)
        let id: Int32
        if let existing = pathIDs[path] {
            id = existing
        } else {
            id = Int32(paths.count)
            paths.append(path)
            pathIDs[path] = id
        }
        if targetCache.count < 1_000_000 { targetCache[hash] = id }
        return id
    }

    /// FNV-1a, 64 bits.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
