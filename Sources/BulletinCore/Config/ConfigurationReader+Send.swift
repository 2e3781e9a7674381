import Foundation

extension Configuration {
    /// `[send]`: when a send stops itself.
    public struct Send: Sendable, Equatable {
        /// `halt_window`: how many of the latest outcomes the halt check looks at.
        public var haltWindow = HaltCheck.defaultWindow
        /// `halt_failure_rate`: the share of permanent failures among them above which the send halts; 1 turns
        /// the check off.
        public var haltFailureRate = HaltCheck.defaultFailureRate

        /// The defaults: 200 outcomes, 20 %.
        public init() {}

        /// The halt check these settings describe; nil when `halt_failure_rate` is 1 (never halts).
        public var haltCheck: HaltCheck? {
            haltFailureRate >= 1 ? nil : HaltCheck(window: haltWindow, failureRate: haltFailureRate)
        }
    }
}

extension ConfigurationReader {
    /// The keys of `[send]`.
    static let sendKeys: Set<String> = ["halt_window", "halt_failure_rate"]

    /// Reads `[send]`: `halt_window` (50 to 100,000 outcomes) and `halt_failure_rate` (0 to 1).
    func send() throws -> Configuration.Send {
        var send = Configuration.Send()
        send.haltWindow = try integer(
            "send", "halt_window", default: HaltCheck.defaultWindow, range: HaltCheck.defaultMinimumSeen...100_000)
        send.haltFailureRate = try double(
            "send", "halt_failure_rate", default: HaltCheck.defaultFailureRate, range: 0...1)
        return send
    }
}
