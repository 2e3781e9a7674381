/// A command named a topic that `[topics]` does not have.
public enum TopicChoiceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The topic, and the configured topics' names in the table's order.
    case unknown(String, configured: [String])

    /// Checks that every one of `names` is in `topics`.
    ///
    /// - Throws: ``unknown(_:configured:)`` for the first that is not.
    public static func check(_ names: [String], in topics: [Topic]) throws {
        let configured = topics.map(\.name)
        if let unknown = names.first(where: { !configured.contains($0) }) {
            throw TopicChoiceError.unknown(unknown, configured: configured)
        }
    }

    /// One line: the unknown topic and the configured ones.
    public var description: String {
        switch self {
        case .unknown(let topic, let configured):
            configured.isEmpty
                ? "there is no topic '\(topic)': the configuration has no [topics] table."
                : "there is no topic '\(topic)'; the configured topics are \(configured.joined(separator: ", "))."
        }
    }
}
