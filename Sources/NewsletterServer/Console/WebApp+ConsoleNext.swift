import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// What cron will send next, the list's growth, the settings and the deliverability check.
extension WebApp {
    /// The overview's sections on the next digest and the list's growth.
    func nextSection(_ visit: ConsoleVisit) async -> String {
        var out = "<h2>Next weekly digest</h2>"
        guard let sending else { return out + "<p class=\"muted\">Not available on this server.</p>" }
        do {
            // The posts and the readers are the same for every console user: counted once a minute.
            let (next, _) = try await nextDigestFigures.value(now: now()) { try await sending.nextDigest(Recipient(email: "preview@example.invalid", name: nil)) }
            if next.posts.isEmpty {
                out += "<p>No new post since the last digest: the next <code>send --weekly</code> sends nothing.</p>"
            } else {
                out += "<p>The next <code>send --weekly</code> (cron's, on Mondays by <code>cron/newsletter.cron</code>)\(settings.review ? " drafts it for review, then" : "") sends \(next.posts.count) post\(next.posts.count == 1 ? "" : "s") to <strong id=\"next-readers\">\(next.readers)</strong> reader\(next.readers == 1 ? "" : "s"):</p><ul id=\"next-posts\">"
                    + next.posts.map { "<li>\(Self.e($0.title))</li>" }.joined() + "</ul><p><a href=\"/admin/next\">Preview it</a></p>"
            }
        } catch {
            out += ConsoleHTML.notice("The feed could not be read: \(error)", problem: true)
        }
        return out
    }

    /// The overview's line on deliverability: the last check's verdicts (the check asks DNS
    /// servers, so it runs when someone opens the settings page, not behind the overview).
    func checksSection() async -> String {
        var out = "<h2>Deliverability</h2>"
        guard let (checks, at) = await lastChecks.cached(now: now()) else {
            return out + "<p><a href=\"/admin/settings\">Run the deliverability check</a> (SPF, DKIM, DMARC and the message itself).</p>"
        }
        let count = { (status: CheckResult.Status) in checks.filter { $0.status == status }.count }
        out += "<p id=\"verdicts\">\(count(.fail)) failing, \(count(.warn)) warning, \(count(.pass)) passing, as of \(ConsoleHTML.date(at)). <a href=\"/admin/settings\">Details and fixes</a></p>"
        let failing = checks.filter { $0.status == .fail }
        if !failing.isEmpty { out += "<ul>" + failing.map { "<li>\(Self.e($0.id)): \(Self.e($0.message))</li>" }.joined() + "</ul>" }
        return out
    }

    /// `GET /admin/next`: the next digest as the console user would get it; a test copy on request.
    func consoleNext(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context) { visit in try await nextPage(visit) }
    }

    func nextPage(_ visit: ConsoleVisit, notice: String? = nil) async throws -> Response {
        var body = notice.map { ConsoleHTML.notice($0) } ?? ""
        guard let sending else { return consolePage("Next weekly digest", body + "<p class=\"muted\">Not available on this server.</p>", visit: visit) }
        let next = try await sending.nextDigest(Recipient(email: visit.user.email, name: nil))
        guard let preview = next.preview else { return consolePage("Next weekly digest", body + "<p>No new post since the last digest.</p>", visit: visit) }
        if visit.user.role.allows(.editor) {
            body += "<form method=\"post\" action=\"/admin/next\">\(ConsoleHTML.csrfField(visit.session.csrf))<button type=\"submit\">Send a test to me</button></form>"
        }
        body += """
            <p class="muted">Subject: \(Self.e(preview.composed.subject)) · \(next.readers) readers</p>
            <iframe title="The HTML part as readers see it" sandbox="" srcdoc="\(Self.e(preview.html))" class="preview"></iframe>
            <h2>Plain text part</h2><pre class="text-part">\(Self.e(preview.text))</pre>
            """
        return consolePage("Next weekly digest", body, visit: visit, current: "/admin/")
    }

    func consoleNextTest(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            guard await checkedForm(request, visit: visit) != nil else { return forbidden(visit) }
            guard let sending else { return try await nextPage(visit) }
            let sentence = try await runToEnd(sending, SendIssue.Request(mode: .digest(since: nil, weekly: true), testTo: visit.user.email))
            try await consoleAccess?.record(visit.user, "sent a test of the next digest", nil, now: now())
            return try await nextPage(visit, notice: sentence)
        }
    }

    /// `GET /admin/settings`: the effective settings (secrets masked) with their origins,
    /// and the deliverability check's results with their fixes.
    func consoleSettings(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context) { visit in
            var body = "<h2>Deliverability check</h2>"
            if let sending {
                do {
                    let checks = try await sending.checks().filter { $0.status != .skip }.sorted { $0.status > $1.status }
                    lastChecks.set(checks, at: now())
                    body += "<div class=\"scroll\"><table id=\"checks\"><thead><tr><th>Check</th><th>Verdict</th><th>What</th><th>Fix</th></tr></thead><tbody>"
                        + checks.map { "<tr><td>\(Self.e($0.id))</td><td>\($0.status.rawValue)</td><td>\(Self.e($0.message))</td><td>\($0.status == .pass ? "" : Self.e($0.fix))</td></tr>" }.joined()
                        + "</tbody></table></div>"
                } catch {
                    body += ConsoleHTML.notice("The check could not run: \(error)", problem: true)
                }
                body += "<h2>Settings</h2><div class=\"scroll\"><table id=\"settings\"><thead><tr><th>Setting</th><th>Value</th><th>From</th></tr></thead><tbody>"
                    + sending.settings().map { "<tr><td>\(Self.e($0.name))</td><td>\(Self.e($0.value))</td><td>\(Self.e($0.origin))</td></tr>" }.joined()
                    + "</tbody></table></div>"
            }
            return consolePage("Settings", body, visit: visit, current: "/admin/settings")
        }
    }
}
