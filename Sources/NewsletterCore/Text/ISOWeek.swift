import Foundation

/// The ISO 8601 week of a date, `2026-W48` (weeks start on Monday; week 1 holds a Thursday).
public enum ISOWeek {
    public static func string(_ date: Date) -> String {
        let (year, week) = yearAndWeek(date)
        return String(year) + "-W" + (week < 10 ? "0" : "") + String(week)
    }

    /// The ISO week-numbering year and week, from the day of the year and the weekday.
    public static func yearAndWeek(_ date: Date) -> (year: Int, week: Int) {
        let c = UTCFormat.parts(date)
        let weekday = (c.weekday + 6) % 7 + 1 // Monday 1 … Sunday 7
        let week = (c.dayOfYear + 1 - weekday + 10) / 7
        if week < 1 { return (c.year - 1, weeks(in: c.year - 1)) }
        if week > weeks(in: c.year) { return (c.year + 1, 1) }
        return (c.year, week)
    }

    /// 53 for a year that starts on a Thursday, or a leap year that starts on a Wednesday.
    static func weeks(in year: Int) -> Int {
        func p(_ y: Int) -> Int { (y + y / 4 - y / 100 + y / 400) % 7 }
        return p(year) == 4 || p(year - 1) == 3 ? 53 : 52
    }
}
