import Foundation
import Logging

/// What a person watching a send sees: on a terminal, a progress bar on stderr redrawn a few times a second
/// (done/total, rate, time left, failures); otherwise a log line every 10 seconds.
final class SendProgress: @unchecked Sendable {
    private let total: Int
    private let week: String
    private let logger: Logger
    private let interactive: Bool
    private let started = DispatchTime.now()
    private var lastDraw: UInt64 = 0
    private var latest = IssueDelivery.Summary()
    private var drewBar = false

    /// Progress over `total` due messages of `week`; `interactive` draws a bar instead of logging.
    init(total: Int, week: String, logger: Logger, interactive: Bool) {
        self.total = total
        self.week = week
        self.logger = logger
        self.interactive = interactive
    }

    /// Seconds since the run started.
    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    /// New figures; redraws or logs when it is time.
    func update(_ summary: IssueDelivery.Summary) {
        latest = summary
        let now = DispatchTime.now().uptimeNanoseconds
        let interval: UInt64 = interactive ? 200_000_000 : 10_000_000_000
        guard now - lastDraw >= interval else { return }
        if lastDraw == 0 && !interactive {
            lastDraw = now
            return
        }
        lastDraw = now
        if interactive {
            FileHandle.standardError.write(Data(("\r" + bar() + "\u{1B}[K").utf8))
            drewBar = true
        } else {
            logger.info("\(line())")
        }
    }

    /// Ends the bar's line.
    func finish() {
        if interactive && drewBar {
            FileHandle.standardError.write(Data(("\r" + bar() + "\u{1B}[K\n").utf8))
        }
    }

    private var done: Int { latest.sent + latest.deferred + latest.failed + latest.unknown }

    private var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }

    private var timeLeft: String {
        guard rate > 0, total > done else { return "--:--" }
        let seconds = Int(Double(total - done) / rate)
        return seconds >= 3_600
            ? String(format: "%d:%02d:%02d", seconds / 3_600, seconds / 60 % 60, seconds % 60)
            : String(format: "%d:%02d", seconds / 60, seconds % 60)
    }

    private func bar() -> String {
        let width = 24
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(done)/\(total)  \(Int(rate.rounded()))/s  \(timeLeft) left  "
            + "\(latest.failed) failed  \(latest.deferred) deferred"
    }

    private func line() -> String {
        "\(week): \(done) of \(total) done (\(latest.sent) sent, \(latest.deferred) deferred, \(latest.failed) "
            + "failed, \(latest.unknown) unknown), \(Int(rate.rounded())) messages/s, \(timeLeft) left"
    }
}
