import Logging
import Synchronization
import Testing

@testable import BulletinWeb

/// Remembers what was logged.
private final class Recorded: Sendable {
    let lines = Mutex<[String]>([])
}

private struct RecordingHandler: LogHandler {
    let recorded: Recorded
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        recorded.lines.withLock { $0.append("\(level): \(message)") }
    }
}

@Suite("The warning about a reverse proxy that is not trusted")
struct UntrustedProxyWarningTests {
    @Test func warnsOnceForLoopbackRequestsWithAForwardedForHeader() {
        let recorded = Recorded()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorded: recorded) }
        let warning = UntrustedProxyWarning(trustedProxies: [])
        warning.check(peer: "203.0.113.5", forwardedFor: "198.51.100.1", logger: logger)
        warning.check(peer: "127.0.0.1", forwardedFor: nil, logger: logger)
        #expect(recorded.lines.withLock { $0.isEmpty })
        warning.check(peer: "127.0.0.1", forwardedFor: "198.51.100.1", logger: logger)
        warning.check(peer: "::1", forwardedFor: "198.51.100.2", logger: logger)
        let lines = recorded.lines.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("warning: requests come from 127.0.0.1 with X-Forwarded-For") == true)
        #expect(lines.first?.contains("trusted_proxies = [\"127.0.0.1\"]") == true)
    }

    @Test func staysQuietWhenAProxyIsTrusted() {
        let recorded = Recorded()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorded: recorded) }
        let warning = UntrustedProxyWarning(trustedProxies: ["127.0.0.1"])
        warning.check(peer: "127.0.0.1", forwardedFor: "198.51.100.1", logger: logger)
        #expect(recorded.lines.withLock { $0.isEmpty })
    }
}
