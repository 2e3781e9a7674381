import Foundation
import Logging
import Synchronization

/// Log lines on stderr, one per message: `bulletin: warning: line 7: …`.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix: String
        switch event.level {
        case .trace, .debug: prefix = "bulletin: debug: "
        case .info, .notice: prefix = "bulletin: "
        case .warning: prefix = "bulletin: warning: "
        case .error, .critical: prefix = "bulletin: error: "
        }
        var line = prefix + event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        Terminal.standardOutput.flush()
        Terminal.printError(line)
    }
}

/// Bootstraps swift-log once per process.
enum LoggingBootstrap {
    /// Whether the logging system was bootstrapped (swift-log allows it once per process).
    private static let done = Mutex(false)

    static func once(level: Logger.Level) {
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in StderrLogHandler(logLevel: level, label: label) }
        }
    }
}
