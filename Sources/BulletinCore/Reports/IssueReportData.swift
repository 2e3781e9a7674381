import Foundation

/// Everything `bulletin report` shows about one sent issue: delivery, reading and audience. Its JSON form (see
/// ``ReportJSON``) is the documented schema, version 1: the property names, in snake case, are its keys.
public struct IssueReportData: Codable, Sendable, Equatable {
    /// The schema's version: 1.
    public var schemaVersion = ReportJSON.schemaVersion
    /// `issue`.
    public var kind = "issue"
    /// When the report was made (RFC 3339, UTC).
    public var generatedAt: String
    /// The issue.
    public var issue: Issue
    /// How its delivery went.
    public var delivery: Delivery
    /// What readers clicked.
    public var reading: Reading
    /// How the list changed in the week after the send started.
    public var audience: Audience

    /// Creates a report.
    public init(generatedAt: String, issue: Issue, delivery: Delivery, reading: Reading, audience: Audience) {
        self.generatedAt = generatedAt
        self.issue = issue
        self.delivery = delivery
        self.reading = reading
        self.audience = audience
    }

    /// The sent issue.
    public struct Issue: Codable, Sendable, Equatable {
        /// `2026-W47`: also its campaign (`utm_campaign`).
        public var week: String
        /// Its number.
        public var number: Int
        /// Its subject.
        public var subject: String
        /// When the first send froze it and started (RFC 3339).
        public var sendStartedAt: String
        /// Subscribers in its audience snapshot.
        public var audience: Int
        /// Its articles.
        public var articles: Int

        /// Creates the issue's figures.
        public init(week: String, number: Int, subject: String, sendStartedAt: String, audience: Int, articles: Int) {
            self.week = week
            self.number = number
            self.subject = subject
            self.sendStartedAt = sendStartedAt
            self.audience = audience
            self.articles = articles
        }
    }

    /// The delivery ledger's figures, and the reports that came back later.
    public struct Delivery: Codable, Sendable, Equatable {
        /// Messages the relay accepted.
        public var sent: Int
        /// Messages waiting to be tried again.
        public var deferred: Int
        /// Messages refused for good, or out of attempts.
        public var failed: Int
        /// Messages the relay may or may not have.
        public var unknown: Int
        /// Recipients who left before their turn.
        public var skipped: Int
        /// Messages not tried yet (queued or in flight).
        public var pending: Int
        /// Subscribers a later bounce report made bounced.
        public var bouncedLater: Int
        /// Subscribers a later complaint made complained.
        public var complainedLater: Int
        /// When the last pending message was settled (RFC 3339); nil while some are pending.
        public var completedAt: String?
        /// Seconds from the first to the last accepted message; nil with fewer than two.
        public var durationSeconds: Double?
        /// Accepted messages per second over that time.
        public var messagesPerSecond: Double?
        /// Messages settled per hour since the send started, from hour 0.
        public var byHour: [Hour]
        /// The ten recipient domains with the most messages.
        public var domains: [Domain]

        /// Creates the delivery figures.
        public init(
            sent: Int, deferred: Int, failed: Int, unknown: Int, skipped: Int, pending: Int, bouncedLater: Int,
            complainedLater: Int, completedAt: String?, durationSeconds: Double?, messagesPerSecond: Double?,
            byHour: [Hour], domains: [Domain]
        ) {
            self.sent = sent
            self.deferred = deferred
            self.failed = failed
            self.unknown = unknown
            self.skipped = skipped
            self.pending = pending
            self.bouncedLater = bouncedLater
            self.complainedLater = complainedLater
            self.completedAt = completedAt
            self.durationSeconds = durationSeconds
            self.messagesPerSecond = messagesPerSecond
            self.byHour = byHour
            self.domains = domains
        }

        /// One hour since the send started: the messages whose last change fell in it, by their state.
        public struct Hour: Codable, Sendable, Equatable {
            /// Hours since the send started (0 is the first).
            public var hour: Int
            /// Accepted.
            public var sent: Int
            /// Failed, deferred or unknown.
            public var notSent: Int

            /// Creates an hour.
            public init(hour: Int, sent: Int, notSent: Int) {
                self.hour = hour
                self.sent = sent
                self.notSent = notSent
            }
        }

        /// One recipient domain.
        public struct Domain: Codable, Sendable, Equatable {
            /// The domain, lower case.
            public var domain: String
            /// Messages to it (skipped ones left out).
            public var messages: Int
            /// Accepted.
            public var sent: Int
            /// Failed.
            public var failed: Int
            /// Bounced later.
            public var bouncedLater: Int
            /// (failed + bounced later) / messages, 0 to 1, to three decimals.
            public var failureRate: Double

            /// Creates a domain's figures.
            public init(domain: String, messages: Int, sent: Int, failed: Int, bouncedLater: Int) {
                self.domain = domain
                self.messages = messages
                self.sent = sent
                self.failed = failed
                self.bouncedLater = bouncedLater
                failureRate = messages > 0 ? ReportJSON.round(Double(failed + bouncedLater) / Double(messages), 3) : 0
            }
        }
    }

    /// The visits whose links carried the issue's campaign.
    public struct Reading: Codable, Sendable, Equatable {
        /// The campaign (`utm_campaign`): the issue's week.
        public var campaign: String
        /// Campaign visits to any page of the site.
        public var clicks: Int
        /// Distinct visitors per page and day, summed.
        public var visitors: Int
        /// Clicks per 1,000 accepted messages; nil when none was accepted.
        public var clicksPerThousandDelivered: Double?
        /// Campaign visits to pages that are not the issue's articles.
        public var otherPagesClicks: Int
        /// The issue's articles, in issue order.
        public var articles: [Article]
        /// Its sections.
        public var sections: [Section]
        /// Campaign visits per day since the day the send started (day 0), in `[digest] time_zone`, at most
        /// ``ReportJSON/dayLimit`` days.
        public var byDay: [Day]
        /// Campaign visits on later days.
        public var laterClicks: Int

        /// Creates the reading figures.
        public init(
            campaign: String, clicks: Int, visitors: Int, clicksPerThousandDelivered: Double?, otherPagesClicks: Int,
            articles: [Article], sections: [Section], byDay: [Day], laterClicks: Int
        ) {
            self.campaign = campaign
            self.clicks = clicks
            self.visitors = visitors
            self.clicksPerThousandDelivered = clicksPerThousandDelivered
            self.otherPagesClicks = otherPagesClicks
            self.articles = articles
            self.sections = sections
            self.byDay = byDay
            self.laterClicks = laterClicks
        }

        /// One article.
        public struct Article: Codable, Sendable, Equatable {
            /// Its canonical URL.
            public var url: String
            /// Its title, when the article is known.
            public var title: String
            /// Its section's topic.
            public var section: String
            /// Campaign visits.
            public var clicks: Int
            /// Distinct visitors per day, summed.
            public var visitors: Int

            /// Creates an article's figures.
            public init(url: String, title: String, section: String, clicks: Int, visitors: Int) {
                self.url = url
                self.title = title
                self.section = section
                self.clicks = clicks
                self.visitors = visitors
            }
        }

        /// One section.
        public struct Section: Codable, Sendable, Equatable {
            /// The topic's key.
            public var topic: String
            /// Its heading.
            public var label: String
            /// Its articles.
            public var articles: Int
            /// Campaign visits to them.
            public var clicks: Int
            /// Distinct visitors per article and day, summed.
            public var visitors: Int
            /// Clicks per 1,000 accepted messages.
            public var clicksPerThousandDelivered: Double?

            /// Creates a section's figures.
            public init(
                topic: String, label: String, articles: Int, clicks: Int, visitors: Int,
                clicksPerThousandDelivered: Double?
            ) {
                self.topic = topic
                self.label = label
                self.articles = articles
                self.clicks = clicks
                self.visitors = visitors
                self.clicksPerThousandDelivered = clicksPerThousandDelivered
            }
        }

        /// One day.
        public struct Day: Codable, Sendable, Equatable {
            /// `YYYY-MM-DD`.
            public var day: String
            /// Days since the send started (0 is that day).
            public var daysSinceSend: Int
            /// Campaign visits.
            public var clicks: Int
            /// Distinct visitors per page, summed.
            public var visitors: Int

            /// Creates a day.
            public init(day: String, daysSinceSend: Int, clicks: Int, visitors: Int) {
                self.day = day
                self.daysSinceSend = daysSinceSend
                self.clicks = clicks
                self.visitors = visitors
            }
        }
    }

    /// How the list changed over seven days from the send's start (the subscriber history).
    public struct Audience: Codable, Sendable, Equatable {
        /// The window's start (RFC 3339): the send's start.
        public var from: String
        /// Its end, excluded: seven days later.
        public var until: String
        /// Addresses added (subscribe form, CLI, import).
        public var joined: Int
        /// Pending subscribers who confirmed.
        public var confirmed: Int
        /// Unsubscribes, by how they came.
        public var unsubscribed: Unsubscribes
        /// Subscribers made bounced.
        public var bounced: Int
        /// Subscribers who complained.
        public var complained: Int
        /// Active subscribers gained minus active subscribers lost.
        public var netChange: Int
        /// The reasons given most, at most five.
        public var reasons: [Reason]

        /// Creates the audience figures.
        public init(
            from: String, until: String, joined: Int, confirmed: Int, unsubscribed: Unsubscribes, bounced: Int,
            complained: Int, netChange: Int, reasons: [Reason]
        ) {
            self.from = from
            self.until = until
            self.joined = joined
            self.confirmed = confirmed
            self.unsubscribed = unsubscribed
            self.bounced = bounced
            self.complained = complained
            self.netChange = netChange
            self.reasons = reasons
        }

        /// Unsubscribes by the way they came.
        public struct Unsubscribes: Codable, Sendable, Equatable {
            /// All of them.
            public var total: Int
            /// The one-click button (RFC 8058) or the unsubscribe page.
            public var oneClick: Int
            /// The preferences page.
            public var preferences: Int
            /// A message to the unsubscribe address (`bulletin inbound`).
            public var mail: Int
            /// `bulletin subscribers unsubscribe`.
            public var cli: Int
            /// Anything else (imports).
            public var other: Int

            /// Creates the counts; the total is their sum.
            public init(oneClick: Int, preferences: Int, mail: Int, cli: Int, other: Int) {
                self.oneClick = oneClick
                self.preferences = preferences
                self.mail = mail
                self.cli = cli
                self.other = other
                total = oneClick + preferences + mail + cli + other
            }
        }

        /// A reason and how often it was given.
        public struct Reason: Codable, Sendable, Equatable {
            /// The reason, without the issue it names.
            public var reason: String
            /// Times given.
            public var count: Int

            /// Creates a reason's count.
            public init(reason: String, count: Int) {
                self.reason = reason
                self.count = count
            }
        }
    }
}

/// `bulletin report --weeks N`: one line per issue, oldest first.
public struct TrendReportData: Codable, Sendable, Equatable {
    /// The schema's version: 1.
    public var schemaVersion = ReportJSON.schemaVersion
    /// `trend`.
    public var kind = "trend"
    /// When the report was made (RFC 3339, UTC).
    public var generatedAt: String
    /// The issues, oldest first.
    public var issues: [Line]

    /// Creates a trend.
    public init(generatedAt: String, issues: [Line]) {
        self.generatedAt = generatedAt
        self.issues = issues
    }

    /// One issue.
    public struct Line: Codable, Sendable, Equatable {
        /// `2026-W47`.
        public var week: String
        /// Its number.
        public var number: Int
        /// Accepted messages.
        public var sent: Int
        /// Campaign visits.
        public var clicks: Int
        /// Clicks per 1,000 accepted messages.
        public var clicksPerThousandDelivered: Double?
        /// Unsubscribes in the seven days from the send's start.
        public var unsubscribed: Int
        /// Those per 1,000 accepted messages.
        public var unsubscribesPerThousandDelivered: Double?

        /// Creates a line.
        public init(week: String, number: Int, sent: Int, clicks: Int, unsubscribed: Int) {
            self.week = week
            self.number = number
            self.sent = sent
            self.clicks = clicks
            self.unsubscribed = unsubscribed
            clicksPerThousandDelivered = ReportJSON.perThousand(clicks, of: sent)
            unsubscribesPerThousandDelivered = ReportJSON.perThousand(unsubscribed, of: sent)
        }
    }
}

/// The JSON form of reports: schema version 1, snake-case keys, sorted, pretty-printed.
public enum ReportJSON {
    /// The schema's version. Keys are only ever added within a version; a removal or a change of meaning makes
    /// a new version.
    public static let schemaVersion = 1
    /// The days since the send that `reading.by_day` lists; later visits are summed in `later_clicks`.
    public static let dayLimit = 28

    /// `count` per 1,000 of `total`, to one decimal; nil when `total` is 0.
    public static func perThousand(_ count: Int, of total: Int) -> Double? {
        total > 0 ? round(Double(count) * 1000 / Double(total), 1) : nil
    }

    /// `value` rounded to `places` decimals.
    public static func round(_ value: Double, _ places: Int) -> Double {
        let scale = Double([1, 10, 100, 1000, 10000][min(max(places, 0), 4)])
        return (value * scale).rounded() / scale
    }

    /// The encoded report, ending with a line feed.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}

// The optional figures are written as `null` rather than left out, as every `--json` of Bulletin does; the
// synthesized encoders would leave them out.

extension IssueReportData.Delivery {
    /// Encodes every key, unknown values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sent, forKey: .sent)
        try container.encode(deferred, forKey: .deferred)
        try container.encode(failed, forKey: .failed)
        try container.encode(unknown, forKey: .unknown)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(pending, forKey: .pending)
        try container.encode(bouncedLater, forKey: .bouncedLater)
        try container.encode(complainedLater, forKey: .complainedLater)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(messagesPerSecond, forKey: .messagesPerSecond)
        try container.encode(byHour, forKey: .byHour)
        try container.encode(domains, forKey: .domains)
    }
}

extension IssueReportData.Reading {
    /// Encodes every key, unknown values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(clicks, forKey: .clicks)
        try container.encode(visitors, forKey: .visitors)
        try container.encode(clicksPerThousandDelivered, forKey: .clicksPerThousandDelivered)
        try container.encode(otherPagesClicks, forKey: .otherPagesClicks)
        try container.encode(articles, forKey: .articles)
        try container.encode(sections, forKey: .sections)
        try container.encode(byDay, forKey: .byDay)
        try container.encode(laterClicks, forKey: .laterClicks)
    }
}

extension IssueReportData.Reading.Section {
    /// Encodes every key, unknown values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(topic, forKey: .topic)
        try container.encode(label, forKey: .label)
        try container.encode(articles, forKey: .articles)
        try container.encode(clicks, forKey: .clicks)
        try container.encode(visitors, forKey: .visitors)
        try container.encode(clicksPerThousandDelivered, forKey: .clicksPerThousandDelivered)
    }
}

extension TrendReportData.Line {
    /// Encodes every key, unknown values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(week, forKey: .week)
        try container.encode(number, forKey: .number)
        try container.encode(sent, forKey: .sent)
        try container.encode(clicks, forKey: .clicks)
        try container.encode(clicksPerThousandDelivered, forKey: .clicksPerThousandDelivered)
        try container.encode(unsubscribed, forKey: .unsubscribed)
        try container.encode(unsubscribesPerThousandDelivered, forKey: .unsubscribesPerThousandDelivered)
    }
}
