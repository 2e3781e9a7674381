import Foundation

/// Parses the dates feeds carry: RFC 3339 (Atom, JSON Feed, `dc:date`) and RFC 822/1123 (RSS), with the sloppy
/// variants real feeds use.
///
/// Accepted beyond the standards: no weekday or a localized one, full or localized month names (`Set`, `Okt`,
/// `Dez`…), one-digit days, two-digit years, no seconds, `1500` for `15:00`, zone names (`GMT`, `UTC`, `EST`,
/// `CEST`…), `+0300`/`+03:00`/`GMT+3`, a missing zone (taken as UTC), `2026-11-23 07:00:00`, and the C
/// `asctime` form (`Mon Nov 23 07:00:00 2026`).
///
/// - SeeAlso: RFC 3339 §5.6, RFC 822 §5, RFC 1123 §5.2.14.
public enum FeedDate {
    /// The date, or nil when the text holds no recognizable date.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let seconds = Timestamp.parseSeconds(trimmed) {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return parseLoosely(trimmed).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    private static let months: [String: Int64] = {
        var table: [String: Int64] = [:]
        let names: [[String]] = [
            ["jan", "janv", "ene", "gen", "jän", "янв"],
            ["feb", "fev", "fév", "févr", "фев"],
            ["mar", "mär", "mrz", "март", "мар"],
            ["apr", "abr", "avr", "апр"],
            ["may", "mai", "mayo", "mag", "май", "мая"],
            ["jun", "juin", "giu", "июн"],
            ["jul", "juil", "lug", "июл"],
            ["aug", "ago", "aoû", "août", "авг"],
            ["sep", "sept", "set", "сен"],
            ["oct", "okt", "out", "ott", "окт"],
            ["nov", "ноя"],
            ["dec", "dez", "déc", "dic", "дек"],
        ]
        for (index, list) in names.enumerated() {
            for name in list { table[name] = Int64(index + 1) }
        }
        return table
    }()

    private static let zones: [String: Int64] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "akst": -9, "akdt": -8, "hst": -10,
        "bst": 1, "cet": 1, "cest": 2, "met": 1, "mest": 2, "west": 1, "eet": 2, "eest": 3, "msk": 3,
        "ist": 5, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "acst": 9, "aest": 10, "aedt": 11,
        "nzst": 12, "nzdt": 13, "brt": -3, "art": -3,
    ].mapValues { $0 * 3600 }

    private enum Token {
        case number(Int64, digits: Int)
        case word(String)
        case offset(Int64)
        case time(hour: Int64, minute: Int64, second: Int64)
        case isoDate(year: Int64, month: Int64, day: Int64)
    }

    private static func tokens(_ text: String) -> [Token]? {
        var result: [Token] = []
        let scalars = Array(text.lowercased().unicodeScalars)
        var index = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        func readNumber() -> (Int64, Int) {
            var value: Int64 = 0
            var count = 0
            while index < scalars.count, isDigit(scalars[index]), count < 9 {
                value = value * 10 + Int64(scalars[index].value - 48)
                index += 1
                count += 1
            }
            return (value, count)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if isDigit(scalar) {
                let (first, digits) = readNumber()
                if index < scalars.count, scalars[index] == ":" {
                    index += 1
                    let (minute, minuteDigits) = readNumber()
                    guard minuteDigits > 0 else { return nil }
                    var second: Int64 = 0
                    if index < scalars.count, scalars[index] == ":" {
                        index += 1
                        second = readNumber().0
                    }
                    // Fractions of a second.
                    if index < scalars.count, scalars[index] == "." || scalars[index] == "," {
                        index += 1
                        _ = readNumber()
                    }
                    result.append(.time(hour: first, minute: minute, second: min(second, 59)))
                } else if digits == 4, index < scalars.count, scalars[index] == "-" || scalars[index] == "/" {
                    let separator = scalars[index]
                    index += 1
                    let month = readNumber().0
                    guard index < scalars.count, scalars[index] == separator else { return nil }
                    index += 1
                    let day = readNumber().0
                    result.append(.isoDate(year: first, month: month, day: day))
                    if index < scalars.count, scalars[index] == "t" { index += 1 }
                } else {
                    result.append(.number(first, digits: digits))
                }
            } else if scalar == "+" || scalar == "-" {
                index += 1
                let start = index
                let (value, digits) = readNumber()
                var hours: Int64
                var minutes: Int64 = 0
                if index < scalars.count, scalars[index] == ":" {
                    index += 1
                    hours = value
                    minutes = readNumber().0
                } else if digits >= 3 {
                    hours = value / 100
                    minutes = value % 100
                } else if digits > 0 {
                    hours = value
                } else {
                    index = start
                    continue
                }
                guard hours < 24, minutes < 60 else { return nil }
                result.append(.offset((scalar == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)))
            } else if scalar.properties.isAlphabetic {
                var word = ""
                while index < scalars.count, scalars[index].properties.isAlphabetic {
                    word.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if index < scalars.count, scalars[index] == "." { index += 1 }
                result.append(.word(word))
            } else {
                index += 1
            }
        }
        return result
    }

    private static func parseLoosely(_ text: String) -> Int64? {
        guard let tokens = tokens(text) else { return nil }
        var year: Int64?
        var month: Int64?
        var day: Int64?
        var time: (Int64, Int64, Int64)?
        var offset: Int64?
        for token in tokens {
            switch token {
            case .isoDate(let y, let m, let d):
                (year, month, day) = (y, m, d)
            case .time(let h, let m, let s):
                time = (h, m, s)
            case .offset(let seconds):
                // "GMT+3": the offset follows the zone name and replaces it.
                offset = seconds
            case .word(let word):
                if month == nil, let number = months[word] ?? months[String(word.prefix(3))] {
                    month = number
                } else if let zone = zones[word] {
                    offset = zone
                }
            case .number(let value, let digits):
                if digits == 4, year != nil, time == nil, value % 100 < 60, value / 100 < 24 {
                    time = (value / 100, value % 100, 0)
                } else if digits == 4, year == nil {
                    year = value
                } else if digits <= 2, day == nil, (1...31).contains(value) {
                    day = value
                } else if digits == 2, year == nil {
                    year = value < 50 ? 2000 + value : 1900 + value
                } else {
                    return nil
                }
            }
        }
        guard let year, let month, let day, (1...12).contains(month), (1...31).contains(day), year >= 1970 else {
            return nil
        }
        let (hour, minute, second) = time ?? (0, 0, 0)
        guard hour < 24, minute < 60 else { return nil }
        let dayText = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        guard let midnight = Timestamp.parseSeconds(dayText) else { return nil }
        return midnight + hour * 3600 + minute * 60 + second - (offset ?? 0)
    }
}
