import BulletinCore
import Foundation

/// Which subscribers a listing or export covers.
public struct SubscriberFilter: Sendable, Equatable {
    /// Only this status; nil for all.
    public var status: SubscriberStatus?
    /// Only addresses or names containing this text, in any case (Unicode too), a Unicode domain also matching its
    /// Punycode form (see ``SubscriberSearch``); nil for all.
    public var search: String?
    /// At most this many; nil for all.
    public var limit: Int?

    /// Creates a filter.
    public init(status: SubscriberStatus? = nil, search: String? = nil, limit: Int? = nil) {
        self.status = status
        self.search = search
        self.limit = limit
    }

    var whereClause: (sql: String, values: [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let status {
            values.append(.text(status.rawValue))
            conditions.append("status = ?\(values.count)")
        }
        if let search, !search.isEmpty {
            let (sql, searchValues) = SubscriberSearch(text: search).condition(firstIndex: values.count + 1)
            values += searchValues
            conditions.append(sql)
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), values)
    }
}

/// Counts for `bulletin subscribers stats`.
public struct SubscriberStats: Sendable, Equatable, Codable {
    /// Subscribers per status (every status present, zero when none).
    public var byStatus: [String: Int]
    /// All subscribers.
    public var total: Int
    /// Added in the last 7 and 30 days.
    public var addedLast7Days: Int
    /// Added in the last 30 days.
    public var addedLast30Days: Int
    /// Unsubscribed in the last 30 days.
    public var unsubscribedLast30Days: Int
    /// Addresses erased with `remove`.
    public var removed: Int
    /// The most common topics among active subscribers, most common first.
    public var topTopics: [TopicCount]

    /// With `[topics]` configured: the active readers of each topic, the configured ones first in the table's
    /// order, then those readers have that are not configured. Nil (and absent from the JSON) without `[topics]`.
    public var topics: [TopicReaders]? = nil

    /// A topic and how many active subscribers chose it.
    public struct TopicCount: Sendable, Equatable, Codable {
        public var topic: String
        public var subscribers: Int
    }

    /// A topic, what it is called, how many active readers have it, and whether `[topics]` names it.
    public struct TopicReaders: Sendable, Equatable, Codable {
        /// The topic's name.
        public var topic: String
        /// Its `[topics]` label (the name for a topic not configured).
        public var label: String
        /// Active subscribers with the topic.
        public var readers: Int
        /// Whether `[topics]` names it.
        public var configured: Bool

        /// A row.
        public init(topic: String, label: String, readers: Int, configured: Bool) {
            self.topic = topic
            self.label = label
            self.readers = readers
            self.configured = configured
        }
    }
}

extension SQLiteSubscriberStore {
    /// Calls `body` with each subscriber the filter covers, ordered by address, without holding them all in
    /// memory.
    public func forEach(_ filter: SubscriberFilter, _ body: (Subscriber) throws -> Void) throws {
        let (clause, values) = filter.whereClause
        var sql = "SELECT \(Self.columns) FROM subscribers\(clause) ORDER BY email"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        let statement = try database.prepare(sql)
        try statement.bind(values)
        while try statement.step() { try body(try Self.subscriber(from: statement)) }
    }

    /// The subscribers the filter covers, ordered by address.
    public func list(_ filter: SubscriberFilter) throws -> [Subscriber] {
        var result: [Subscriber] = []
        try forEach(filter) { result.append($0) }
        return result
    }

    /// How many subscribers the filter covers (ignoring its limit).
    public func count(_ filter: SubscriberFilter) throws -> Int {
        let (clause, values) = filter.whereClause
        return Int(try database.query("SELECT count(*) FROM subscribers\(clause)", values) { $0.int64(0) }.first ?? 0)
    }

    /// Every attribute key used by the subscribers the filter covers, sorted.
    public func attributeKeys(_ filter: SubscriberFilter) throws -> [String] {
        let (clause, values) = filter.whereClause
        return try database.query(
            "SELECT DISTINCT j.key FROM subscribers, json_each(subscribers.attributes) AS j\(clause) ORDER BY j.key",
            values
        ) { try $0.string(0) }
    }

    /// How many active subscribers have each topic, for every topic any of them has.
    public func activeReadersPerTopic() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (topic, count) in try database.query(
            "SELECT j.value, count(*) FROM subscribers, json_each(subscribers.topics) AS j "
                + "WHERE subscribers.status = 'active' GROUP BY j.value",
            row: { (try $0.string(0), Int($0.int64(1))) })
        {
            counts[topic] = count
        }
        return counts
    }

    /// The figures for `subscribers stats`, as of `now`.
    public func stats(at now: Date) throws -> SubscriberStats {
        var byStatus = Dictionary(uniqueKeysWithValues: SubscriberStatus.allCases.map { ($0.rawValue, 0) })
        for (status, count) in try database.query(
            "SELECT status, count(*) FROM subscribers GROUP BY status", row: { (try $0.string(0), Int($0.int64(1))) })
        {
            byStatus[status] = count
        }
        let time = UnixTime.seconds(now)
        func count(_ sql: String, _ values: [SQLValue]) throws -> Int {
            Int(try database.query(sql, values) { $0.int64(0) }.first ?? 0)
        }
        let topics = try database.query(
            """
            SELECT j.value, count(*) AS n FROM subscribers, json_each(subscribers.topics) AS j
            WHERE subscribers.status = 'active' GROUP BY j.value ORDER BY n DESC, j.value LIMIT 10
            """
        ) { SubscriberStats.TopicCount(topic: try $0.string(0), subscribers: Int($0.int64(1))) }
        return SubscriberStats(
            byStatus: byStatus,
            total: byStatus.values.reduce(0, +),
            addedLast7Days: try count(
                "SELECT count(*) FROM subscribers WHERE created_at >= ?1", [.integer(time - 7 * 86_400)]),
            addedLast30Days: try count(
                "SELECT count(*) FROM subscribers WHERE created_at >= ?1", [.integer(time - 30 * 86_400)]),
            unsubscribedLast30Days: try count(
                "SELECT count(*) FROM subscribers WHERE status = 'unsubscribed' AND unsubscribed_at >= ?1",
                [.integer(time - 30 * 86_400)]),
            removed: try count("SELECT count(*) FROM removed_addresses", []),
            topTopics: topics)
    }
}
