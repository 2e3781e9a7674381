#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses access-log times (`10/Oct/2026:13:55:36 -0700`), remembering the last one: log lines come in time
/// order, many to a second.
public struct LogTimeCache {
    private var lastText: [UInt8] = []
    private var lastSeconds: Int64 = 0

    /// Creates an empty cache.
    public init() {}

    /// Seconds since 1970 (UTC), or nil when the text is not a log time.
    public mutating func seconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        if text.count == lastText.count, text.elementsEqual(lastText) {
            return lastSeconds
        }
        guard let seconds = Self.parse(text) else { return nil }
        lastText = Array(text)
        lastSeconds = seconds
        return seconds
    }

    private static let months: [UInt32: Int64] = [
        0x4A_616E: 1, 0x46_6562: 2, 0x4D_6172: 3, 0x41_7072: 4, 0x4D_6179: 5, 0x4A_756E: 6,
        0x4A_756C: 7, 0x41_7567: 8, 0x53_6570: 9, 0x4F_6374: 10, 0x4E_6F76: 11, 0x44_6563: 12,
    ]

    /// `dd/Mon/yyyy:hh:mm:ss ±hhmm`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard text.count >= 20 else { return nil }
        func number(_ at: Int, _ length: Int) -> Int64? {
            var value: Int64 = 0
            for offset in at..<(at + length) {
                let digit = text[offset] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        let key = UInt32(text[3]) << 16 | UInt32(text[4]) << 8 | UInt32(text[5])
        guard text[2] == UInt8(ascii: "/"), text[6] == UInt8(ascii: "/"), text[11] == UInt8(ascii: ":"),
            let day = number(0, 2), let month = months[key], let year = number(7, 4), let hour = number(12, 2),
            let minute = number(15, 2), let second = number(18, 2), hour < 24, minute < 60, second <= 60,
            (1...31).contains(day)
        else { return nil }
        var offset: Int64 = 0
        if text.count >= 26, text[20] == 0x20, text[21] == UInt8(ascii: "+") || text[21] == UInt8(ascii: "-") {
            guard let hours = number(22, 2), let minutes = number(24, 2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (text[21] == UInt8(ascii: "-") ? -1 : 1)
        }
        return CivilDay.daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            + min(second, 59) - offset
    }
}
