import BulletinCore
import Foundation

/// A subscriber as `--json` and `export --format json` write it: stable keys, ISO 8601 times, null for unset.
struct SubscriberJSON: Codable {
    var id: Int64
    var email: String
    var name: String
    var status: String
    var topics: [String]
    var attributes: [String: String]
    var createdAt: String
    var updatedAt: String
    var confirmedAt: String?
    var unsubscribedAt: String?
    var source: String
    var history: [EventJSON]?

    struct EventJSON: Codable {
        var at: String
        var from: String?
        var to: String
        var source: String
        var reason: String
    }

    init(_ subscriber: Subscriber, history: [SubscriberEvent]? = nil) {
        id = subscriber.id
        email = subscriber.email
        name = subscriber.name
        status = subscriber.status.rawValue
        topics = subscriber.topics
        attributes = subscriber.attributes
        createdAt = Timestamp.format(subscriber.createdAt)
        updatedAt = Timestamp.format(subscriber.updatedAt)
        confirmedAt = subscriber.confirmedAt.map(Timestamp.format)
        unsubscribedAt = subscriber.unsubscribedAt.map(Timestamp.format)
        source = subscriber.source
        self.history = history?.map {
            EventJSON(
                at: Timestamp.format($0.at), from: $0.fromStatus?.rawValue, to: $0.toStatus.rawValue,
                source: $0.source, reason: $0.reason)
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(topics, forKey: .topics)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(confirmedAt, forKey: .confirmedAt)
        try container.encode(unsubscribedAt, forKey: .unsubscribedAt)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(history, forKey: .history)
    }
}

/// The JSON encoder for machine-readable output: sorted keys, snake_case, no escaped slashes.
enum JSONOutput {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }
}
