/// Watches a send's outcomes as they arrive and says when so many of the latest are permanent failures that the
/// send should stop and wait for a person: a list full of dead addresses, or a relay that refuses the newsletter.
///
/// Among the last ``window`` outcomes, once at least ``minimumSeen`` were seen, more than ``failureRate`` of them
/// being permanent failures (``DeliveryOutcome/isPermanentFailure``) halts the send (`[send] halt_window`,
/// `[send] halt_failure_rate`). Outcomes about the relay itself (``DeliveryOutcome/concernsTheRelay``) are not
/// counted: they stop the run on their own.
public struct HaltCheck: Sendable, Equatable {
    /// How many of the latest outcomes are looked at.
    public let window: Int
    /// The share of permanent failures among them above which the send halts.
    public let failureRate: Double
    /// Outcomes to see before the check may halt.
    public let minimumSeen: Int
    private var latest: [Bool] = []
    private var next = 0
    private(set) var failures = 0
    /// The last permanent failure seen, for the reason.
    public private(set) var lastFailure: DeliveryOutcome?

    /// The default window: 200 outcomes.
    public static let defaultWindow = 200
    /// The default share: 20 %.
    public static let defaultFailureRate = 0.2
    /// The fewest outcomes seen before a halt.
    public static let defaultMinimumSeen = 50

    /// A check over the last `window` outcomes.
    public init(window: Int, failureRate: Double, minimumSeen: Int = HaltCheck.defaultMinimumSeen) {
        self.window = max(1, window)
        self.failureRate = failureRate
        self.minimumSeen = min(minimumSeen, max(1, window))
        latest.reserveCapacity(self.window)
    }

    /// Outcomes in the window now.
    public var seen: Int { latest.count }

    /// Counts `outcome`; returns whether the send should halt now.
    public mutating func record(_ outcome: DeliveryOutcome) -> Bool {
        guard !outcome.concernsTheRelay else { return false }
        let failed = outcome.isPermanentFailure
        if failed { lastFailure = outcome }
        if latest.count < window {
            latest.append(failed)
        } else {
            if latest[next] { failures -= 1 }
            latest[next] = failed
            next = (next + 1) % window
        }
        if failed { failures += 1 }
        return latest.count >= minimumSeen && Double(failures) > failureRate * Double(latest.count)
    }

    /// Why the send halted, like `60 of the last 100 messages were refused permanently (more than 20 %); the
    /// last one: rejected at RCPT TO: 550 5.1.1 No such user here`.
    public var reason: String {
        let percent = (failureRate * 100 * 10).rounded() / 10
        let share = percent == percent.rounded() ? String(Int(percent)) : String(percent)
        return "\(failures) of the last \(seen) messages were refused permanently (more than \(share) %)"
            + (lastFailure.map { "; the last one: \($0)" } ?? "")
    }
}
