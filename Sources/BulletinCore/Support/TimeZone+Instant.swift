import Foundation

extension TimeZone {
    /// The instant of `local` seconds since 1970-01-01 00:00 on this zone's wall clock. The offset is read at the
    /// UTC guess, then again at the corrected instant, which settles it; a wall-clock time skipped by a
    /// daylight-saving change is taken with the offset from before the change, so it lands just after the change.
    public func instant(localSeconds local: Int64) -> Date {
        let guess = local - Int64(secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))))
        let offset = Int64(secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }
}
