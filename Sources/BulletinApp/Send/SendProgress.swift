import Foundation
import Logging
import Synchronization

/// What a person watching a send sees: on a terminal, a progress bar on stderr redrawn a few times a second
/// (done/total, rate, time left, failures); otherwise a log line every 10 seconds.
///
/// Updated from the transport's thread, read by the send after the delivery: the figures are in a `Mutex`.
public final class SendProgress: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var latest = IssueDelivery.Summary()
        var drewBar = false
    }

    private let total: Int
    private let week: String
    private let logger: Logger
    private let interactive: Bool
    private let started = DispatchTime.now()
    private let state = Mutex(State())

    /// Progress over `total` due messages of `week`; `interactive` draws a bar instead of logging.
    public init(total: Int, week: String, logger: Logger, interactive: Bool) {
        self.total = total
        self.week = week
        self.logger = logger
        self.interactive = interactive
    }

    /// Seconds since the run started.
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    /// New figures; redraws or logs when it is time.
    func update(_ summary: IssueDelivery.Summary) {
        let now = DispatchTime.now().uptimeNanoseconds
        let interval: UInt64 = interactive ? 200_000_000 : 10_000_000_000
        let output: String? = state.withLock { state in
            state.latest = summary
            guard now - state.lastDraw >= interval else { return nil }
            if state.lastDraw == 0 && !interactive {
                state.lastDraw = now
                return nil
            }
            state.lastDraw = now
            if interactive {
                state.drewBar = true
                return "\r" + bar(state.latest) + "\u{1B}[K"
            }
            return line(state.latest)
        }
        guard let output else { return }
        if interactive {
            FileHandle.standardError.write(Data(output.utf8))
        } else {
            logger.info("\(output)")
        }
    }

    /// Ends the bar's line.
    func finish() {
        let last: String? = state.withLock { state in
            interactive && state.drewBar ? "\r" + bar(state.latest) + "\u{1B}[K\n" : nil
        }
        if let last { FileHandle.standardError.write(Data(last.utf8)) }
    }

    private func done(_ latest: IssueDelivery.Summary) -> Int {
        latest.sent + latest.deferred + latest.failed + latest.unknown
    }

    private func rate(_ latest: IssueDelivery.Summary) -> Double {
        elapsed > 0 ? Double(done(latest)) / elapsed : 0
    }

    private func timeLeft(_ latest: IssueDelivery.Summary) -> String {
        let done = done(latest)
        let rate = rate(latest)
        guard rate > 0, total > done else { return "--:--" }
        let seconds = Int(Double(total - done) / rate)
        return seconds >= 3_600
            ? String(format: "%d:%02d:%02d", seconds / 3_600, seconds / 60 % 60, seconds % 60)
            : String(format: "%d:%02d", seconds / 60, seconds % 60)
    }

    private func bar(_ latest: IssueDelivery.Summary) -> String {
        let width = 24
        let done = done(latest)
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(done)/\(total)  \(Int(rate(latest).rounded()))/s  \(timeLeft(latest)) left  "
            + "\(latest.failed) failed  \(latest.deferred) deferred"
    }

    private func line(_ latest: IssueDelivery.Summary) -> String {
        "\(week): \(done(latest)) of \(total) done (\(latest.sent) sent, \(latest.deferred) deferred, "
            + "\(latest.failed) failed, \(latest.unknown) unknown), \(Int(rate(latest).rounded())) messages/s, "
            + "\(timeLeft(latest)) left"
    }
}
