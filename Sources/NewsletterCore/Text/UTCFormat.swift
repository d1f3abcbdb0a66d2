import Foundation

/// Dates written in UTC with a fixed English pattern (`yyyy-MM-dd`, `d MMMM yyyy`, …),
/// whatever the machine's locale and time zone.
public enum UTCFormat {
    public static func string(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        return f.string(from: date)
    }
}
