import Foundation
import NewsletterCore

/// The report as SPEC's JSON and as a terminal table.
enum ReportOutput {
    static func json(_ rows: [(IssueRecord, IssueStats)], weeks: [WeekStats]) -> JSONValue {
        let issues: [JSONValue] = rows.map { record, s in
            .object([
                ("id", .string(record.id)), ("subject", .string(record.subject)), ("kind", .string(record.kind.rawValue)),
                ("created", .string(UTCFormat.iso8601(record.created))), ("finished", .optional(record.finished.map(UTCFormat.iso8601))),
                ("recipients", .number(Double(s.recipients))), ("delivered", .number(Double(s.delivered))), ("deferred", .number(Double(s.deferred))),
                ("failed", .number(Double(s.failed))), ("bounced_hard", .number(Double(s.bouncedHard))), ("bounced_soft", .number(Double(s.bouncedSoft))),
                ("complaints", .number(Double(s.complaints))), ("unsubscribes", .number(Double(s.unsubscribes))), ("unknown", .number(Double(s.unknown))),
                ("clicks", .null),
            ])
        }
        let list: [JSONValue] = weeks.map { w in
            .object([("week", .string(w.week)), ("confirmed_new", .number(Double(w.confirmedNew))), ("unsubscribed", .number(Double(w.unsubscribed))),
                     ("bounced", .number(Double(w.bounced))), ("complained", .number(Double(w.complained))),
                     ("total_confirmed", .number(Double(w.totalConfirmed)))])
        }
        return .object([("issues", .array(issues)), ("weeks", .array(list))])
    }

    static func text(_ rows: [(IssueRecord, IssueStats)], weeks: [WeekStats]) -> String {
        var out = ""
        if rows.isEmpty {
            out += "No issue has been sent yet.\n"
        } else {
            out += "issue          kind          recipients delivered deferred failed  hard  soft complaints unsubscribes\n"
            for (record, s) in rows.prefix(20) {
                out += record.id.padding(toLength: 15, withPad: " ", startingAt: 0) + record.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                out += String(format: "%10d %9d %8d %6d %5d %5d %10d %12d\n", s.recipients, s.delivered, s.deferred, s.failed, s.bouncedHard, s.bouncedSoft,
                              s.complaints, s.unsubscribes)
            }
        }
        if !weeks.isEmpty {
            out += "\nweek      new confirmed  unsubscribed  bounced  complained  total confirmed\n"
            for w in weeks.suffix(12) {
                out += w.week.padding(toLength: 9, withPad: " ", startingAt: 0)
                out += String(format: " %13d %13d %8d %11d %16d\n", w.confirmedNew, w.unsubscribed, w.bounced, w.complained, w.totalConfirmed)
            }
        }
        return out
    }
}
