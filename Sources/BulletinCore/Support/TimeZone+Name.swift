import Foundation

extension TimeZone {
    /// The zone's name as the configuration would write it: Foundation calls `UTC` "GMT".
    public var configurationName: String { identifier == "GMT" ? "UTC" : identifier }
}
