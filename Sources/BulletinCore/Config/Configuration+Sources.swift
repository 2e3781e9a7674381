import Foundation

extension Configuration {
    /// `[sources]`: where `bulletin refresh` (and `send --if-due`) reads articles and page views from.
    public struct Sources: Sendable, Equatable {
        /// Feed URLs, or absolute paths of feed files.
        public var feeds: [String]
        /// Absolute paths or glob patterns of access logs (rotated and `.gz` ones included).
        public var logs: [String]
        /// Absolute paths or glob patterns of analytics CSV exports.
        public var analytics: [String]

        /// Creates the section's settings.
        public init(feeds: [String] = [], logs: [String] = [], analytics: [String] = []) {
            self.feeds = feeds
            self.logs = logs
            self.analytics = analytics
        }

        /// Whether nothing is listed.
        public var isEmpty: Bool { feeds.isEmpty && logs.isEmpty && analytics.isEmpty }
    }
}
