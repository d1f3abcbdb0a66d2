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

    /// ISO 8601 / RFC 3339 with whole seconds, e.g. `2026-11-20T09:30:00Z`.
    public static func iso8601(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// ISO 8601 with milliseconds, e.g. `2026-11-20T09:30:00.250Z` (what AT Protocol records carry).
    public static func iso8601Milliseconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let millis = min(999, Int(((date.timeIntervalSince1970 - seconds) * 1000).rounded(.down)))
        return String(iso8601(date).dropLast()) + String(format: ".%03dZ", millis)
    }
}
