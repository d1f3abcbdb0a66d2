import Foundation
import NewsletterCore

/// JSON and text forms of what the inbox read (SPEC.md, `inbox parse --json`).
enum InboxOutput {
    static func json(file: String, result: InboxProcessor.Result?, report: InboundReport, error: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(file)),
            ("message_id", .optional(report.messageID)),
            ("kind", .string(report.kind.rawValue)),
            ("recipients", .array(report.recipients.map(json))),
            ("feedback_type", .optional(report.feedbackType)),
            ("subscriber", .optional(result?.subscriber)),
            ("issue", .optional(result?.issue)),
            ("action", .string((result?.action ?? .none).rawValue)),
        ]
        members.append(("proof", .optional(result?.proof?.rawValue)))
        if let reason = result?.reason { members.append(("reason", .string(reason))) }
        if let result, result.duplicate { members.append(("duplicate", .bool(true))) }
        if let error { members.append(("error", .string(error))) }
        return .object(members)
    }

    static func json(_ r: ReportRecipient) -> JSONValue {
        .object([
            ("email", .string(r.email)),
            ("status", .optional(r.status)),
            ("action", .optional(r.action)),
            ("hard", .bool(r.hard)),
            ("diagnostic", .optional(r.diagnostic)),
            ("reason", .string(r.reason.rawValue)),
        ])
    }

    static func line(file: String, result: InboxProcessor.Result?, report: InboundReport) -> String {
        var fields = [file, report.kind.rawValue]
        if let r = report.recipients.first {
            fields.append([r.email, r.status, r.hard ? "hard" : nil].compactMap { $0 }.joined(separator: " "))
        }
        if let subscriber = result?.subscriber { fields.append("→ \(subscriber)\(result?.issue.map { " (issue \($0))" } ?? "")") }
        let action = result?.action ?? .none
        fields.append(result?.duplicate == true ? "already done" : result?.reason != nil ? "none (unproven)" : action.rawValue)
        return fields.joined(separator: "\t")
    }
}
