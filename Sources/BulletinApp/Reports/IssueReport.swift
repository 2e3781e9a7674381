import BulletinCore
import BulletinStore
import Foundation

/// `bulletin report`: how a sent issue did (delivery, reading, audience), or how the latest issues compare; the
/// work apart from the command line and the web route.
///
/// Reading is counted first-party: the visits to the site whose URL carried the issue's campaign
/// (`utm_campaign=<week>`), as `views import` kept them apart. No pixel, no redirect.
public struct IssueReport {
    /// The database.
    public let database: Database
    /// The zone whose days clicks are counted in.
    public let timeZone: TimeZone
    /// When the report is made.
    public let now: Date

    /// How many domains the delivery section lists.
    public static let domainLimit = 10
    /// How many unsubscribe reasons the audience section lists.
    public static let reasonLimit = 5
    /// The audience window after the send's start.
    public static let audienceDays = 7

    /// A report over `database`, days in `timeZone`, made at `now`.
    public init(database: Database, timeZone: TimeZone, now: Date) {
        self.database = database
        self.timeZone = timeZone
        self.now = now
    }

    /// A report over the environment's database, in `[digest] time_zone`, at its current time.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public init(environment: AppEnvironment) throws {
        self.init(
            database: try environment.openDatabase(), timeZone: environment.configuration.digest.timeZone,
            now: environment.now())
    }

    private var queries: SQLiteReportQueries { SQLiteReportQueries(database: database) }

    /// The report of `week` (nil: the newest issue sent).
    ///
    /// - Throws: ``StatusError`` when no issue (of that week) was sent; the database's errors.
    public func issue(week: String?) throws -> IssueReportData {
        let issues = SQLiteIssueStore(database: database)
        guard let name = try week ?? issues.latestWeek() else { throw StatusError.nothingSent }
        guard let issue = try issues.issue(week: name) else { throw StatusError.notSent(name) }
        let delivery = try deliveryFigures(issue)
        return IssueReportData(
            generatedAt: Timestamp.format(now),
            issue: IssueReportData.Issue(
                week: issue.week, number: issue.number, subject: issue.subject,
                sendStartedAt: Timestamp.format(issue.createdAt), audience: issue.audience,
                articles: issue.articles.count),
            delivery: delivery, reading: try readingFigures(issue, delivered: delivery.sent),
            audience: try audienceFigures(issue))
    }

    /// One line per issue for the newest `count` issues, oldest first.
    ///
    /// - Throws: ``StatusError/nothingSent`` when no issue was sent; the database's errors.
    public func trend(count: Int) throws -> TrendReportData {
        let weeks = try queries.latestWeeks(limit: max(1, count))
        guard !weeks.isEmpty else { throw StatusError.nothingSent }
        let issues = SQLiteIssueStore(database: database)
        let lines = try weeks.reversed().compactMap { week -> TrendReportData.Line? in
            guard let issue = try issues.issue(week: week) else { return nil }
            let sent = try sentCount(week)
            let clicks = try queries.campaignVisits(campaign: week).reduce(0) { $0 + $1.visits }
            let unsubscribed = try audienceFigures(issue).unsubscribed.total
            return TrendReportData.Line(
                week: week, number: issue.number, sent: sent, clicks: clicks, unsubscribed: unsubscribed)
        }
        return TrendReportData(generatedAt: Timestamp.format(now), issues: lines)
    }

    private func sentCount(_ week: String) throws -> Int {
        Int(
            try database.query(
                "SELECT COUNT(*) FROM deliveries WHERE week = ?1 AND state = 'sent'", [.text(week)]
            ) { $0.int64(0) }.first ?? 0)
    }

    private func deliveryFigures(_ issue: FrozenIssue) throws -> IssueReportData.Delivery {
        let ledger = SQLiteDeliveryLedger(database: database, policy: RetryPolicy(maxAttempts: 1))
        let counts = try ledger.counts(week: issue.week)
        let sent = counts[.sent] ?? 0
        var duration: Double?
        var rate: Double?
        if let span = try ledger.sentSpan(week: issue.week), sent > 1 {
            let seconds = span.upperBound.timeIntervalSince(span.lowerBound)
            if seconds > 0 {
                duration = seconds
                rate = ReportJSON.round(Double(sent) / seconds, 1)
            }
        }
        let outcomes = try SQLiteInboundReports(database: database).counts(week: issue.week).outcomes
        let hours = try queries.deliveriesByHour(week: issue.week, start: issue.createdAt)
        var byHour: [IssueReportData.Delivery.Hour] = []
        if let last = hours.last?.hour {
            let known = Dictionary(uniqueKeysWithValues: hours.map { ($0.hour, $0) })
            byHour = (0...last).map {
                IssueReportData.Delivery.Hour(hour: $0, sent: known[$0]?.sent ?? 0, notSent: known[$0]?.notSent ?? 0)
            }
        }
        return IssueReportData.Delivery(
            sent: sent, deferred: counts[.deferred] ?? 0, failed: counts[.failed] ?? 0,
            unknown: counts[.unknown] ?? 0, skipped: counts[.skipped] ?? 0,
            pending: (counts[.queued] ?? 0) + (counts[.sending] ?? 0), bouncedLater: outcomes["bounced"] ?? 0,
            complainedLater: outcomes["complained"] ?? 0, completedAt: issue.completedAt.map(Timestamp.format),
            durationSeconds: duration, messagesPerSecond: rate, byHour: byHour,
            domains: try queries.domains(week: issue.week, limit: Self.domainLimit).map {
                IssueReportData.Delivery.Domain(
                    domain: $0.domain, messages: $0.messages, sent: $0.sent, failed: $0.failed,
                    bouncedLater: $0.bouncedLater)
            })
    }

    private func readingFigures(_ issue: FrozenIssue, delivered: Int) throws -> IssueReportData.Reading {
        let visits = try queries.campaignVisits(campaign: issue.week)
        var byPath: [String: (clicks: Int, visitors: Int)] = [:]
        for row in visits {
            let earlier = byPath[row.path] ?? (0, 0)
            byPath[row.path] = (earlier.clicks + row.visits, earlier.visitors + row.visitors)
        }
        let titles = try queries.titles(urls: issue.articles)
        var articles: [IssueReportData.Reading.Article] = []
        var sections: [IssueReportData.Reading.Section] = []
        var articlePaths = Set<String>()
        for section in ReportSection.sections(of: issue) {
            var clicks = 0
            var visitors = 0
            for url in section.articleURLs {
                let path = PagePath.normalize(urlPath: url)
                // An article listed twice (in two sections) counts its clicks once, in the first.
                let tally: (clicks: Int, visitors: Int) =
                    articlePaths.insert(path).inserted ? byPath[path] ?? (0, 0) : (0, 0)
                clicks += tally.clicks
                visitors += tally.visitors
                articles.append(
                    IssueReportData.Reading.Article(
                        url: url, title: titles[url] ?? "", section: section.topic, clicks: tally.clicks,
                        visitors: tally.visitors))
            }
            sections.append(
                IssueReportData.Reading.Section(
                    topic: section.topic, label: section.label, articles: section.articleURLs.count, clicks: clicks,
                    visitors: visitors, clicksPerThousandDelivered: ReportJSON.perThousand(clicks, of: delivered)))
        }
        var days = LocalDays(timeZone: timeZone)
        let sendDay = days.day(Int64(issue.createdAt.timeIntervalSince1970.rounded(.down)))
        var byDay: [Int: (clicks: Int, visitors: Int)] = [:]
        var later = 0
        for row in visits {
            let offset = Int(max(0, row.day - sendDay))
            if offset >= ReportJSON.dayLimit {
                later += row.visits
                continue
            }
            let earlier = byDay[offset] ?? (0, 0)
            byDay[offset] = (earlier.clicks + row.visits, earlier.visitors + row.visitors)
        }
        let lastDay = max(Self.audienceDays - 1, byDay.keys.max() ?? 0)
        let dayRows = (0...lastDay).map {
            IssueReportData.Reading.Day(
                day: CivilDay.format(sendDay + Int64($0)), daysSinceSend: $0, clicks: byDay[$0]?.clicks ?? 0,
                visitors: byDay[$0]?.visitors ?? 0)
        }
        let clicks = visits.reduce(0) { $0 + $1.visits }
        let articleClicks = articles.reduce(0) { $0 + $1.clicks }
        return IssueReportData.Reading(
            campaign: issue.week, clicks: clicks, visitors: visits.reduce(0) { $0 + $1.visitors },
            clicksPerThousandDelivered: ReportJSON.perThousand(clicks, of: delivered),
            otherPagesClicks: clicks - articleClicks, articles: articles, sections: sections, byDay: dayRows,
            laterClicks: later)
    }

    private func audienceFigures(_ issue: FrozenIssue) throws -> IssueReportData.Audience {
        let start = issue.createdAt
        let end = start.addingTimeInterval(TimeInterval(Self.audienceDays * 86_400))
        let added = try queries.joined(from: start, until: end)
        let joined = added.joined
        var net = added.active
        var confirmed = 0
        var bounced = 0
        var complained = 0
        var ways = (oneClick: 0, preferences: 0, mail: 0, cli: 0, other: 0)
        var reasons: [String: Int] = [:]
        for event in try queries.statusEvents(from: start, until: end) {
            if event.from == .pending, event.to == .active { confirmed += 1 }
            if event.to == .active, event.from != .active { net += 1 }
            if event.from == .active, event.to != .active { net -= 1 }
            switch event.to {
            case .bounced where event.from != .bounced: bounced += 1
            case .complained where event.from != .complained: complained += 1
            case .unsubscribed where event.from != .unsubscribed:
                switch Self.unsubscribeWay(source: event.source, reason: event.reason) {
                case .oneClick: ways.oneClick += 1
                case .preferences: ways.preferences += 1
                case .mail: ways.mail += 1
                case .cli: ways.cli += 1
                case .other: ways.other += 1
                }
                let reason = Self.reasonWithoutIssue(event.reason)
                if !reason.isEmpty { reasons[reason, default: 0] += 1 }
            default: break
            }
        }
        let topReasons = reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(Self.reasonLimit).map {
            IssueReportData.Audience.Reason(reason: $0.key, count: $0.value)
        }
        return IssueReportData.Audience(
            from: Timestamp.format(start), until: Timestamp.format(end), joined: joined, confirmed: confirmed,
            unsubscribed: IssueReportData.Audience.Unsubscribes(
                oneClick: ways.oneClick, preferences: ways.preferences, mail: ways.mail, cli: ways.cli,
                other: ways.other),
            bounced: bounced, complained: complained, netChange: net, reasons: Array(topReasons))
    }

    /// How an unsubscribe came, from its history entry.
    enum UnsubscribeWay {
        case oneClick, preferences, mail, cli, other
    }

    /// The way an unsubscribe with this history source and reason came: the web's (one-click, or the
    /// preferences page when its reason says so), a mail read by `bulletin inbound`, or the CLI (`cli`, and
    /// `link` for `subscribers unsubscribe --token`).
    static func unsubscribeWay(source: String, reason: String) -> UnsubscribeWay {
        switch source {
        case "web": reason.hasPrefix(Subscriptions.preferencesUnsubscribe) ? .preferences : .oneClick
        case "inbound": .mail
        case "cli", "link": .cli
        default: .other
        }
    }

    /// A reason without the issue it names (`one-click unsubscribe in issue 2026-W47` → `one-click
    /// unsubscribe`), so that the same reason given after different issues counts as one.
    static func reasonWithoutIssue(_ reason: String) -> String {
        var text = reason.trimmingCharacters(in: .whitespaces)
        if let range = text.range(of: " in issue ", options: .backwards),
            ISOWeek(String(text[range.upperBound...])) != nil
        {
            text = String(text[..<range.lowerBound])
        }
        return text
    }
}
