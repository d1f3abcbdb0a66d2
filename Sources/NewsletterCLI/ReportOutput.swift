import Foundation
import NewsletterCore

/// The report as SPEC's JSON and as a terminal table.
enum ReportOutput {
    static func json(_ report: IssueReport) -> JSONValue {
        let issues: [JSONValue] = report.rows.map { row in
            let (record, s) = (row.record, row.stats)
            var fields: [(String, JSONValue)] = [
                ("id", .string(record.id)), ("subject", .string(record.subject)), ("kind", .string(record.kind.rawValue)),
                ("created", .string(UTCFormat.iso8601(record.created))), ("finished", .optional(record.finished.map(UTCFormat.iso8601))),
                ("recipients", .number(Double(s.recipients))), ("delivered", .number(Double(s.delivered))), ("deferred", .number(Double(s.deferred))),
                ("failed", .number(Double(s.failed))), ("bounced_hard", .number(Double(s.bouncedHard))), ("bounced_soft", .number(Double(s.bouncedSoft))),
                ("complaints", .number(Double(s.complaints))), ("unsubscribes", .number(Double(s.unsubscribes))), ("unknown", .number(Double(s.unknown))),
                ("clicks", s.clicks.map { .number(Double($0)) } ?? .null),
            ]
            if report.clickTracking {
                fields.append(("links", .array(row.links.map { .object([("url", .string($0.url)), ("clicks", .number(Double($0.clicks)))]) })))
            }
            return .object(fields)
        }
        let list: [JSONValue] = report.weeks.map { w in
            .object([("week", .string(w.week)), ("confirmed_new", .number(Double(w.confirmedNew))), ("unsubscribed", .number(Double(w.unsubscribed))),
                     ("bounced", .number(Double(w.bounced))), ("complained", .number(Double(w.complained))),
                     ("total_confirmed", .number(Double(w.totalConfirmed)))])
        }
        return .object([("issues", .array(issues)), ("weeks", .array(list))])
    }

    static func text(_ report: IssueReport) -> String {
        let (rows, weeks) = (report.rows, report.weeks)
        var out = ""
        if rows.isEmpty {
            out += "No issue has been sent yet.\n"
        } else {
            out += "issue          kind          recipients delivered deferred failed  hard  soft complaints unsubscribes"
            out += report.clickTracking ? " clicks\n" : "\n"
            for row in rows.prefix(20) {
                let (record, s) = (row.record, row.stats)
                out += record.id.padding(toLength: 15, withPad: " ", startingAt: 0) + record.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                out += String(format: "%10d %9d %8d %6d %5d %5d %10d %12d", s.recipients, s.delivered, s.deferred, s.failed, s.bouncedHard, s.bouncedSoft,
                              s.complaints, s.unsubscribes)
                out += s.clicks.map { String(format: " %6d\n", $0) } ?? "\n"
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
