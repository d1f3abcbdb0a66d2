import Foundation

/// Parses the dates feeds carry into UTC instants.
///
/// Accepts ISO 8601 / RFC 3339 / W3C-DTF (with reduced precision, fractions, `Z` or
/// offsets), RFC 822 / RFC 2822 with their variants seen in the wild (two-digit years,
/// named and military zones, missing seconds or time, full month names), asctime, and
/// slash dates (`2006/09/15`). Out-of-range fields roll over like `timegm` (June 31 is
/// July 1). A date without a zone is taken as UTC.
public enum FeedDate {
    /// The instant `string` names, or nil when it is not a date.
    public static func parse(_ string: String) -> Date? {
        let s = Byte.trimmed(string)
        guard !s.isEmpty else { return nil }
        if let d = parseISO8601(s) { return d }
        if let d = parseRFC2822(s) { return d }
        return parseLoose(s)
    }

    // MARK: - RFC 2822 as most feeds write it

    /// `[Www, ]D Mmm YYYY HH:MM[:SS] ZONE` with a numeric or named zone, in one pass over the
    /// bytes; anything else is nil and left to `parseLoose`, which reads it the same way.
    static func parseRFC2822(_ s: String) -> Date? {
        var scanner = ByteScanner(s)
        let b = scanner.bytes
        if b.count > 4, Byte.isLetter(b[0]), b[3] == UInt8(ascii: ",") {
            guard weekdays.contains(where: { $0.utf8.elementsEqual(b[0..<3].map(Byte.lower)) }) else { return nil }
            scanner.index = 4
            scanner.skipSpaces()
        }
        guard let day = scanner.digits(min: 1, max: 2), scanner.accept(" ") else { return nil }
        let m = scanner.index
        guard m + 3 < b.count, b[m + 3] == 0x20 else { return nil }
        let name = b[m..<m + 3].map(Byte.lower)
        guard let month = months.first(where: { $0.0.utf8.elementsEqual(name) })?.1 else { return nil }
        scanner.index = m + 4
        guard let year = scanner.digits(min: 4, max: 4), scanner.accept(" "),
              let hour = scanner.digits(min: 1, max: 2), scanner.accept(":"),
              let minute = scanner.digits(min: 2, max: 2) else { return nil }
        var second = 0
        if scanner.accept(":") {
            guard let sec = scanner.digits(min: 2, max: 2) else { return nil }
            second = sec
        }
        guard scanner.accept(" ") else { return nil }
        scanner.skipSpaces()
        let offset: Int
        if let sign = scanner.acceptSign() {
            let start = scanner.index
            guard let hhmm = scanner.digits(min: 4, max: 4), scanner.index == start + 4 else { return nil }
            offset = sign * (hhmm / 100 * 3600 + hhmm % 100 * 60)
        } else {
            let start = scanner.index
            while !scanner.atEnd, Byte.isLetter(b[scanner.index]) { scanner.index += 1 }
            guard scanner.index > start, let z = zoneOffset(scanner.text(from: start)) else { return nil }
            offset = z
        }
        guard scanner.atEnd else { return nil }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset, fraction: 0)
    }

    // MARK: - ISO 8601 / W3C-DTF

    /// An ISO 8601 / RFC 3339 / W3C-DTF timestamp only.
    public static func parseISO8601(_ s: String) -> Date? {
        var scanner = ByteScanner(s)
        guard let year = scanner.digits(min: 4, max: 4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if scanner.accept("-") {
            guard let m = scanner.digits(min: 1, max: 3) else { return nil }
            month = m
            if scanner.accept("-") {
                guard let d = scanner.digits(min: 1, max: 2) else { return nil }
                day = d
            }
        } else if !scanner.atEnd {
            return nil
        }
        if scanner.accept("T") || scanner.accept("t") || scanner.accept(" ") {
            guard let h = scanner.digits(min: 1, max: 2), scanner.accept(":"), let mi = scanner.digits(min: 2, max: 2) else { return nil }
            hour = h; minute = mi
            if scanner.accept(":") {
                guard let sec = scanner.digits(min: 2, max: 2) else { return nil }
                second = sec
                if scanner.accept(".") || scanner.accept(",") {
                    let start = scanner.index
                    _ = scanner.digits(min: 1, max: 9)
                    fraction = Double("0." + scanner.text(from: start)) ?? 0
                }
            }
            scanner.skipSpaces()
            if scanner.accept("Z") || scanner.accept("z") {
                offset = 0
            } else if let sign = scanner.acceptSign() {
                guard let oh = scanner.digits(min: 2, max: 2) else { return nil }
                _ = scanner.accept(":")
                let om = scanner.digits(min: 2, max: 2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        scanner.skipSpaces()
        guard scanner.atEnd else { return nil }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset, fraction: fraction)
    }

    // MARK: - RFC 822 and relatives

    /// Reads tokens in any order: a month name, a time `h:mm[:ss]`, day and year numbers,
    /// a zone. Covers RFC 822/2822, asctime (`Sun Jan  4 16:29:06 PST 2004`) and slash dates.
    static func parseLoose(_ s: String) -> Date? {
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        var numbers: [Int] = []
        for token in tokens(s) {
            if token.contains(":" as Character), token.first?.isNumber == true {
                let (time, zone) = splitTimeAndZone(token)
                let parts = time.split(separator: ":").map { Int($0) }
                guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return nil }
                hour = parts[0]!; minute = parts[1]!
                second = parts.count > 2 ? parts[2]! : 0
                if let zone { offset = zoneOffset(zone) }
                continue
            }
            if token.hasPrefix("+") || token.hasPrefix("-"), let z = zoneOffset(token) {
                offset = z
                continue
            }
            if let n = Int(token) {
                numbers.append(n)
                continue
            }
            let lower = token.lowercased()
            if lower == "etc" { continue }
            if month == nil, let m = monthNumber(lower) {
                month = m
                continue
            }
            if let z = zoneOffset(token) {
                offset = z
                continue
            }
            if weekdays.contains(where: { lower.hasPrefix($0) }) { continue }
            return nil
        }
        if month == nil {
            // All-numeric dates: year/month/day.
            guard numbers.count >= 3 else { return nil }
            year = numbers[0]; month = numbers[1]; day = numbers[2]
        } else {
            // Bare numbers: one past 31 is the year, then day before year (RFC 822 order).
            var rest = numbers
            if let yearIndex = rest.firstIndex(where: { $0 > 31 }) { year = rest.remove(at: yearIndex) }
            if !rest.isEmpty { day = rest.removeFirst() }
            if year == nil, !rest.isEmpty { year = rest.removeFirst() }
        }
        guard var y = year, let m = month, let d = day else { return nil }
        if y < 100 { y += y < 50 ? 2000 : 1900 }
        return instant(year: y, month: m, day: d, hour: hour, minute: minute, second: second, offset: offset ?? 0, fraction: 0)
    }

    /// Splits on spaces and commas, then `2006/09/15`, `12-Jan-2004` and `Etc/GMT` further;
    /// strips `.` and parentheses (`(GMT)`, `Jan.`).
    private static func tokens(_ s: String) -> [Substring] {
        var out: [Substring] = []
        for word in s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            let pieces: [Substring]
            if word.contains("/" as Character) {
                pieces = word.split(separator: "/")
            } else if word.contains("-" as Character), word.first?.isNumber == true, !word.contains(":" as Character) {
                pieces = word.split(separator: "-")
            } else {
                pieces = [word]
            }
            for piece in pieces {
                let trimmed = piece.drop { $0 == "." || $0 == "(" || $0 == ")" }
                var end = trimmed.endIndex
                while end > trimmed.startIndex, ".()".contains(trimmed[trimmed.index(before: end)]) { end = trimmed.index(before: end) }
                if end > trimmed.startIndex { out.append(trimmed[..<end]) }
            }
        }
        return out
    }

    private static func splitTimeAndZone(_ token: Substring) -> (Substring, Substring?) {
        if let i = token.firstIndex(where: { $0 == "+" || $0 == "-" || $0.isLetter }) {
            return (token[..<i], token[i...])
        }
        return (token, nil)
    }

    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static let months: [(String, Int)] = [
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6),
        ("jul", 7), ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    private static func monthNumber(_ lower: String) -> Int? {
        guard lower.count >= 3 else { return nil }
        return months.first { lower.hasPrefix($0.0) }?.1
    }

    /// Seconds east of UTC for a zone: `+0200`, `-05:00`, `GMT`, `EST`, military letters (RFC 822 §5).
    static func zoneOffset<S: StringProtocol>(_ zone: S) -> Int? {
        var z = zone.uppercased()
        if z.hasPrefix("ETC/") { z = String(z.dropFirst(4)) }
        if z.hasPrefix("GMT") || z.hasPrefix("UTC"), z.count > 3 { z = String(z.dropFirst(3)) }
        if let sign = z.first, sign == "+" || sign == "-" {
            let digits = z.dropFirst().filter(\.isNumber)
            guard !digits.isEmpty, digits.count <= 4, let value = Int(digits) else { return nil }
            let (h, m) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
            return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
        }
        if let hours = namedZones[z] { return hours * 3600 }
        if z.count == 1, let c = z.unicodeScalars.first, c.properties.isAlphabetic {
            // Military zones; RFC 2822 §4.3 says their sign is unreliable, so treat them as UTC.
            return 0
        }
        return nil
    }

    private static let namedZones: [String: Int] = [
            "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
            "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
            "ET": -5, "CT": -6, "MT": -7, "PT": -8, "AKST": -9, "AKDT": -8, "HST": -10,
            "JST": 9, "KST": 9, "IST": 5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    ]

    /// The instant for possibly out-of-range fields, normalised as `timegm` does.
    static func instant(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int, fraction: Double) -> Date? {
        guard (1...12).contains(month) else { return nil }
        guard day >= 1, day <= 31, hour <= 48, minute <= 99, second <= 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: 1) + (day - 1)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A tiny cursor over ASCII text for the date grammar.
struct ByteScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ s: String) { bytes = Array(s.utf8) }

    var atEnd: Bool { index >= bytes.count }

    mutating func accept(_ c: Character) -> Bool {
        guard index < bytes.count, let a = c.asciiValue, bytes[index] == a else { return false }
        index += 1
        return true
    }

    mutating func acceptSign() -> Int? {
        if accept("+") { return 1 }
        if accept("-") { return -1 }
        return nil
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
    }

    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while index < bytes.count, count < max, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
            count += 1
        }
        return count >= min ? value : nil
    }

    func text(from start: Int) -> String {
        String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
