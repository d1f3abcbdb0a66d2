import Foundation
import NewsletterCore

/// How `newsletter check` prints its report: a checklist, or SPEC's JSON.
enum CheckOutput {
    static func json(_ report: CheckReport) -> String {
        let checks: [JSONValue] = report.checks.map { check in
            .object([("id", .string(check.id)), ("status", .string(check.status.rawValue)), ("message", .string(check.message)), ("fix", .string(check.fix))])
        }
        return JSONValue.object([("ok", .bool(report.ok)), ("checks", .array(checks))]).render(pretty: true) + "\n"
    }

    static func text(_ report: CheckReport, color: Bool) -> String {
        let width = (report.checks.map(\.id.count).max() ?? 0) + 2
        var out = ""
        for check in report.checks {
            let label = check.status.rawValue.uppercased()
            let code = switch check.status {
            case .pass: "32"
            case .warn: "33"
            case .fail: "31;1"
            case .skip: "2"
            }
            out += (color ? "\u{1B}[\(code)m\(label)\u{1B}[0m" : label) + "  " + check.id.padding(toLength: width, withPad: " ", startingAt: 0) + check.message + "\n"
            if check.status == .warn || check.status == .fail {
                out += String(repeating: " ", count: 6 + width) + "fix: " + check.fix + "\n"
            }
        }
        let failed = report.count(.fail), warned = report.count(.warn)
        out += "\n\(report.count(.pass)) passed, \(warned) warning\(warned == 1 ? "" : "s"), \(failed) failed, \(report.count(.skip)) skipped.\n"
        return out
    }

    /// The placeholder subscriber a checked message is addressed to.
    static func sampleRecipient(_ identity: NewsletterIdentity) -> Recipient {
        Recipient(email: "reader@" + identity.from.domain, name: "Sam Reader")
    }
}
