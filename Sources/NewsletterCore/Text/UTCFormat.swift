import Foundation

/// Dates written in UTC, whatever the machine's locale and time zone: the one place that
/// formats a date for output.
public enum UTCFormat {
    /// A fixed English pattern (`yyyy-MM-dd`, `d MMMM yyyy`, …).
    public static func string(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        return f.string(from: date)
    }

    /// The fields of an instant in UTC, from libc's `gmtime_r`: no calendar object, no ICU
    /// (these run once per copy of a send).
    public struct Parts: Sendable {
        public var year, month, day, hour, minute, second: Int
        /// 0 is Sunday.
        public var weekday: Int
        /// 0 is January 1.
        public var dayOfYear: Int
    }

    public static func parts(_ date: Date) -> Parts {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        return Parts(year: Int(tm.tm_year) + 1900, month: Int(tm.tm_mon) + 1, day: Int(tm.tm_mday), hour: Int(tm.tm_hour),
                     minute: Int(tm.tm_min), second: Int(tm.tm_sec), weekday: Int(tm.tm_wday), dayOfYear: Int(tm.tm_yday))
    }

    /// ISO 8601 / RFC 3339 with whole seconds, e.g. `2026-11-20T09:30:00Z`.
    public static func iso8601(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        }
        // Twenty ASCII bytes, written directly: this runs once per post in `posts --json`.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0)
            put(Int(parts.tm_mon) + 1, 2, at: 5)
            put(Int(parts.tm_mday), 2, at: 8)
            put(Int(parts.tm_hour), 2, at: 11)
            put(Int(parts.tm_min), 2, at: 14)
            put(Int(parts.tm_sec), 2, at: 17)
            for (i, c) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] { buffer[i] = UInt8(ascii: c) }
            return 20
        }
    }

    /// ISO 8601 with milliseconds, e.g. `2026-11-20T09:30:00.250Z` (what AT Protocol records carry).
    public static func iso8601Milliseconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let millis = min(999, Int(((date.timeIntervalSince1970 - seconds) * 1000).rounded(.down)))
        return String(iso8601(date).dropLast()) + String(format: ".%03dZ", millis)
    }
}
