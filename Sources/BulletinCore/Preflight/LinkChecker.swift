import Foundation

/// What an address answered when the preflight asked it.
public enum LinkStatus: Sendable, Equatable {
    /// The final HTTP status, after redirects.
    case answered(Int)
    /// No answer: a timeout, a DNS or connection failure (the reason, in one phrase).
    case unreachable(String)
}

/// Asks web addresses whether they still answer: the seam between the preflight and the network.
public protocol LinkChecker: Sendable {
    /// The status of each of `urls`, keyed by the address as given; every address gets one.
    func check(_ urls: [String]) -> [String: LinkStatus]
}
