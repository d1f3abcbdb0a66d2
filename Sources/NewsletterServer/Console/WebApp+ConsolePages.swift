import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// The console's pages once signed in: the overview, the subscribers and one person.
extension WebApp {
    /// Runs `body` for a signed-in visit whose role allows `needed`.
    func signedIn(_ request: Request, _ context: WebContext, needs needed: ConsoleRole = .viewer,
                  _ body: (ConsoleVisit) async throws -> Response) async throws -> Response {
        switch try await visit(request, context: context) {
        case .failure(let refusal): return refusal.response
        case .success(let visit):
            guard visit.user.role.allows(needed) else {
                return consolePage("Not allowed", ConsoleHTML.notice("Your role (\(visit.user.role.rawValue)) may not do this; it needs \(needed.rawValue).", problem: true),
                                   visit: visit, status: .forbidden)
            }
            return try await body(visit)
        }
    }

    /// The overview's figures of the whole list (a count over every row), computed by the
    /// minute loop so that no one waits for them on the page.
    func computeListFigures() async throws -> ListFigures {
        ListFigures(counts: try await people?.counts() ?? [:],
                    report: try await IssueReport.collect(issues: issues, subscribers: history, clickTracking: settings.clickTracking),
                    topicChoices: settings.topics.isEmpty ? [:] : try await issues.topicChoices(.everyone, now: now()))
    }

    func refreshListFigures() async {
        guard consoleAccess != nil, (try? await consoleAccess?.users().isEmpty) == false else { return }
        do {
            listFigures.set(try await computeListFigures(), at: now())
        } catch {
            logger.warning("counting the list for the console: \(error)")
        }
    }

    /// `GET /admin/`: the list, the last issues and what was done in the console.
    func consoleOverview(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context) { visit in
            let (figures, asOf) = try await listFigures.value(now: now()) { try await computeListFigures() }
            var body = "<p class=\"muted\">List figures as of \(ConsoleHTML.date(asOf)) (counted at most once a minute).</p><h2>The list</h2><dl>"
            for status in SubscriberStatus.allCases {
                body += "<dt>\(status.rawValue.capitalized)</dt><dd><a href=\"/admin/subscribers?status=\(status.rawValue)\">\(figures.counts[status] ?? 0)</a></dd>"
            }
            body += "</dl>\n"
            if !settings.topics.isEmpty {
                let byTopic = TopicFigures(catalog: settings.topics, posts: [], choices: figures.topicChoices, now: now())
                body += "<h2>Topics</h2><table><thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">Readers who get it</th></tr></thead><tbody>"
                for row in byTopic.rows {
                    body += "<tr><td>\(Self.e(row.topic.title)) <span class=\"muted\">(\(Self.e(row.topic.key)))</span></td><td id=\"topic-\(Self.e(row.topic.key))\">\(row.readers)</td></tr>"
                }
                body += "</tbody></table><p class=\"muted\">\(byTopic.readersOfAll) follow every topic; posts in no topic go to everyone.</p>\n"
            }
            body += try await reviewSection()
            body += await nextSection(visit)
            body += await checksSection()
            body += "<h2>Confirmed subscribers by week</h2><div class=\"chart\">" + ReportPage.lineChart(figures.report.weeks) + "</div>"
            body += "<h2>Last issues</h2>"
            body += figures.report.rows.isEmpty ? "<p class=\"muted\">No issue has been sent yet.</p>" : Self.issueTable(figures.report.rows.prefix(10))
            body += "<h2>Recent console actions</h2>"
            let log = try await consoleAccess?.auditLog(limit: 10) ?? []
            body += log.isEmpty ? "<p class=\"muted\">None yet.</p>" : "<ul>" + log.map { entry in
                "<li>\(ConsoleHTML.date(entry.at)): \(Self.e(entry.user)) \(Self.e(entry.action))\(entry.detail.map { " — " + Self.e($0) } ?? "")</li>"
            }.joined() + "</ul>"
            return consolePage("Overview", body, visit: visit, current: "/admin/")
        }
    }

    /// `GET /admin/subscribers?q=&status=&cadence=&after=`: search, filter, page.
    func consoleSubscribers(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context) { visit in
            let q = request.uri.queryParameters
            let text = String(q["q"].map(String.init)?.prefix(200) ?? "")
            let status = q["status"].flatMap { SubscriberStatus(rawValue: String($0)) }
            let cadence = q["cadence"].flatMap { Cadence(rawValue: String($0)) }
            let query = SubscriberQuery(prefix: text, status: status, cadence: cadence, after: String(q["after"].map(String.init)?.prefix(320) ?? ""), limit: 50)
            let found = try await people?.search(query) ?? []
            func option(_ value: String, _ selected: Bool) -> String { "<option value=\"\(value)\"\(selected ? " selected" : "")>\(value.isEmpty ? "any" : value)</option>" }
            var body = visit.user.role.allows(.editor) ? "<p><a href=\"/admin/subscribers/new\">Add, import\(visit.user.role.allows(.owner) ? " or export" : "")</a></p>" : ""
            body += """
                <form method="get" action="/admin/subscribers" role="search" class="row">
                <div><label for="q">Address or name starts with</label><input id="q" name="q" type="search" value="\(Self.e(text))"></div>
                <div><label for="status">Status</label><select id="status" name="status">\(option("", status == nil))\(SubscriberStatus.allCases.map { option($0.rawValue, $0 == status) }.joined())</select></div>
                <div><label for="cadence">Cadence</label><select id="cadence" name="cadence">\(option("", cadence == nil))\(Cadence.allCases.map { option($0.rawValue, $0 == cadence) }.joined())</select></div>
                <div><button type="submit">Search</button></div></form>
                """
            if found.isEmpty {
                body += "<p class=\"muted\">Nobody matches.</p>"
            } else {
                body += "<div class=\"scroll\"><table id=\"results\"><thead><tr><th>Address</th><th>Name</th><th>Status</th><th>Cadence</th><th>Paused until</th></tr></thead><tbody>"
                for s in found {
                    let paused = s.isPaused(at: now()) ? s.pausedUntil.map(ConsoleHTML.date) ?? "" : ""
                    body += "<tr><td><a href=\"/admin/subscribers/\(s.id)\">\(Self.e(s.email))</a></td><td>\(Self.e(s.name ?? ""))</td><td>\(s.status.rawValue)</td><td>\(s.cadence.rawValue)</td><td>\(paused)</td></tr>"
                }
                body += "</tbody></table></div>"
                if found.count == query.limit, let last = found.last {
                    var next = URLComponents()
                    next.queryItems = [URLQueryItem(name: "q", value: text), URLQueryItem(name: "status", value: status?.rawValue ?? ""),
                                       URLQueryItem(name: "cadence", value: cadence?.rawValue ?? ""), URLQueryItem(name: "after", value: last.email)]
                    body += "<p><a href=\"/admin/subscribers\(Self.e(next.string ?? ""))\" rel=\"next\">Next page</a></p>"
                }
            }
            return consolePage("Subscribers", body, visit: visit, current: "/admin/subscribers")
        }
    }
}
