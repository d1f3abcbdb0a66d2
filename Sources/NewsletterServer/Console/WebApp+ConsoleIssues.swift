import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/issues`: every issue with its numbers; one issue with its troubled copies.
extension WebApp {
    func consoleIssues(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context) { visit in
            let report = try await IssueReport.collect(issues: issues, subscribers: history, clickTracking: settings.clickTracking)
            var body = "<p><a href=\"/admin/report\">The whole report with charts</a> (needs the admin token) · <a href=\"/archive\">the public archive</a></p>"
            body += report.rows.isEmpty ? "<p class=\"muted\">No issue has been sent yet.</p>" : Self.issueTable(report.rows)
            return consolePage("Issues", body, visit: visit, current: "/admin/issues")
        }
    }

    static func issueTable(_ rows: some Sequence<IssueReportRow>) -> String {
        var out = "<div class=\"scroll\"><table id=\"issues\"><thead><tr><th>Issue</th><th>Subject</th><th>Kind</th><th>Recipients</th><th>Delivered</th><th>Bounced</th><th>Complaints</th><th>Unsubscribed</th></tr></thead><tbody>"
        for row in rows {
            let s = row.stats
            out += "<tr><td><a href=\"/admin/issues/\(e(row.record.id))\">\(e(row.record.id))</a></td><td>\(e(row.record.subject))</td><td>\(row.record.kind.rawValue)</td>"
                + "<td>\(s.recipients)</td><td>\(s.delivered)</td><td>\(s.bouncedHard + s.bouncedSoft)</td><td>\(s.complaints)</td><td>\(s.unsubscribes)</td></tr>"
        }
        return out + "</tbody></table></div>"
    }

    func consoleIssue(_ request: Request, context: WebContext, id: String) async throws -> Response {
        try await signedIn(request, context) { visit in
            guard let record = try await issues.issue(id: id) else {
                return consolePage("No such issue", ConsoleHTML.notice("No issue has the id \(id).", problem: true), visit: visit, status: .notFound)
            }
            let report = try await IssueReport.collect(issues: issues, subscribers: history, only: record.id, clickTracking: settings.clickTracking)
            let s = report.rows.first?.stats ?? IssueStats()
            var body = "<p>\(Self.e(record.subject)) · \(record.kind.rawValue) · \(ConsoleHTML.date(record.created)) · "
                + (record.finished.map { "finished \(ConsoleHTML.date($0))" } ?? "<strong>still sending</strong>")
                + " · <a href=\"/archive/\(Self.e(record.id))\">its archive page</a></p>"
            let numbers: [(String, Int)] = [("Recipients", s.recipients), ("Delivered", s.delivered), ("Deferred", s.deferred), ("Failed", s.failed),
                                            ("Bounced (hard)", s.bouncedHard), ("Bounced (soft)", s.bouncedSoft), ("Complaints", s.complaints),
                                            ("Unsubscribed", s.unsubscribes), ("Unknown (in flight at a crash)", s.unknown)]
            body += "<dl id=\"numbers\">" + numbers.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + (s.clicks.map { "<dt>Clicks</dt><dd>\($0)</dd>" } ?? "") + "</dl>"
            let troubled = try await issues.troubledCopies(issueID: record.id, limit: 500)
            body += "<h2>Copies that bounced, failed or drew a complaint</h2>"
            body += troubled.isEmpty ? "<p class=\"muted\">None.</p>" : "<div class=\"scroll\"><table><thead><tr><th>Address</th><th>State</th><th>Why</th></tr></thead><tbody>"
                + troubled.map { "<tr><td>\(Self.e($0.email))</td><td>\($0.state.rawValue)</td><td>\(Self.e($0.note ?? ""))</td></tr>" }.joined() + "</tbody></table></div>"
            return consolePage("Issue \(record.id)", body, visit: visit, current: "/admin/issues")
        }
    }
}
