import Foundation

/// The ISO 8601 week of a date, `2026-W48` (weeks start on Monday; week 1 holds a Thursday).
public enum ISOWeek {
    public static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 1970, c.weekOfYear ?? 1)
    }
}
