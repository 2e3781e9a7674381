import Foundation

extension Configuration {
    /// `[bounces]`: the address delivery reports come back to (VERP), and when soft bounces make a subscriber
    /// `bounced`.
    public struct Bounces: Sendable, Equatable {
        /// `address`: the bounce mailbox; each message's envelope sender is `local+TAG@domain` of it.
        public var address: EmailAddress
        /// `soft_limit`: soft bounces, on different days, that make a subscriber `bounced`.
        public var softLimit = Self.defaultSoftLimit
        /// `window_days`: the days within which those soft bounces must fall.
        public var windowDays = Self.defaultWindowDays

        /// Bounces to `address` with the default thresholds.
        public init(address: EmailAddress) {
            self.address = address
        }

        /// 3 soft bounces.
        public static let defaultSoftLimit = 3
        /// Within 30 days.
        public static let defaultWindowDays = 30
    }
}

extension ConfigurationReader {
    /// The keys of `[bounces]`.
    static let bouncesKeys: Set<String> = ["address", "soft_limit", "window_days"]

    /// Reads `[bounces]`: nil when the section or its keys are absent (messages keep the plain envelope sender).
    func bounces() throws -> Configuration.Bounces? {
        guard let section = table["bounces"]?.table, !section.keys.isEmpty else { return nil }
        guard let text = try optionalString("bounces", "address") else {
            throw ConfigurationError(
                file: file, key: "bounces.address",
                problem: "is missing; set it to the mailbox reports come back to, like \"bounces@example.org\", "
                    + "or remove the [bounces] section.")
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(text)
        } catch let error as EmailAddressError {
            throw ConfigurationError(
                file: file, key: "bounces.address",
                problem: "'\(text)' is not an address like \"bounces@example.org\": \(error.explanation).")
        }
        guard address.value.split(separator: "@").first?.contains("+") != true else {
            throw ConfigurationError(
                file: file, key: "bounces.address",
                problem: "'\(text)' has a + in its local part; give the plain mailbox (bounces@example.org), "
                    + "the tag is added after a +.")
        }
        var bounces = Configuration.Bounces(address: address)
        bounces.softLimit = try integer(
            "bounces", "soft_limit", default: Configuration.Bounces.defaultSoftLimit, range: 1...100)
        bounces.windowDays = try integer(
            "bounces", "window_days", default: Configuration.Bounces.defaultWindowDays, range: 1...3_650)
        return bounces
    }
}
