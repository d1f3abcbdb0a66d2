import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/drafts/{id}`: an issue waiting for review (`NEWSLETTER_REVIEW=required`): its
/// posts, a preview, hold posts back, approve or drop. Approved, it goes out at once in the
/// background and, failing that, from the next minute's run or cron, through the ledger.
extension WebApp {
    static func draftLine(_ draft: IssueDraft, now: Date) -> String {
        let state = draft.state(at: now)
        let words: String = switch state {
        case .pending: "waits for approval until \(ConsoleHTML.date(draft.expires))"
        case .approved: "approved by \(e(draft.decidedBy ?? "?")); going out"
        case .dropped: "dropped by \(e(draft.decidedBy ?? "?"))"
        case .expired: "<strong>not approved in time; left unsent</strong>"
        case .sent: "sent as issue \(e(draft.issueID ?? "?"))"
        }
        return "<li><a href=\"/admin/drafts/\(draft.id)\">\(e(draft.subject))</a> (\(draft.kind.rawValue), \(draft.kept.count) post\(draft.kept.count == 1 ? "" : "s")): \(words)</li>"
    }

    /// The overview's section on review: what waits, what expired, what is going out.
    func reviewSection() async throws -> String {
        let drafts = try await issues.draftsForReview(limit: 10)
        var out = ""
        if settings.review || !drafts.isEmpty {
            out += "<h2>Waiting for review</h2>"
            out += drafts.isEmpty ? "<p class=\"muted\">Nothing waits for review.</p>" : "<ul id=\"drafts\">" + drafts.map { Self.draftLine($0, now: now()) }.joined() + "</ul>"
        }
        let scheduled = try await issues.scheduledMessages(dueBy: nil, limit: 10)
        if !scheduled.isEmpty {
            out += "<h2>Scheduled</h2><ul id=\"scheduled\">" + scheduled.map {
                "<li>\(Self.e($0.message.subject)) at \(ConsoleHTML.date($0.at)) (by \(Self.e($0.by)))</li>"
            }.joined() + "</ul>"
        }
        return out
    }

    func consoleDraft(_ request: Request, context: WebContext, id: String) async throws -> Response {
        try await signedIn(request, context) { visit in
            guard let id = Int64(id), let draft = try await issues.draft(id: id) else { return draftMissing(visit) }
            return try await draftPage(draft, visit: visit)
        }
    }

    func draftMissing(_ visit: ConsoleVisit) -> Response {
        consolePage("No such draft", ConsoleHTML.notice("No draft has this id.", problem: true), visit: visit, status: .notFound)
    }

    func draftPage(_ draft: IssueDraft, visit: ConsoleVisit, notice: String? = nil, problem: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = draft.state(at: now())
        var body = notice.map { ConsoleHTML.notice($0, problem: problem) } ?? ""
        body += "<ul>" + Self.draftLine(draft, now: now()) + "</ul>"
        if state == .pending, visit.user.role.allows(.editor) {
            body += "<form method=\"post\" action=\"/admin/drafts/\(draft.id)\">\(ConsoleHTML.csrfField(visit.session.csrf))<fieldset><legend>Posts it carries (untick to hold one back)</legend>"
            for (i, post) in draft.postIDs.enumerated() {
                let title = i < draft.titles.count ? draft.titles[i] : post
                body += "<div><input type=\"checkbox\" id=\"post-\(i)\" name=\"keep-\(i)\" value=\"1\"\(draft.held.contains(post) ? "" : " checked")> <label class=\"inline\" for=\"post-\(i)\">\(Self.e(title))</label></div>"
            }
            body += "</fieldset><div class=\"row\"><button type=\"submit\" name=\"action\" value=\"approve\" id=\"approve\">Approve and send</button>"
                + "<button type=\"submit\" name=\"action\" value=\"drop\" class=\"danger\">Drop it</button></div></form>"
        } else {
            body += "<h2>Posts</h2><ul>" + draft.postIDs.enumerated().map { i, post in
                "<li>\(Self.e(i < draft.titles.count ? draft.titles[i] : post))\(draft.held.contains(post) ? " (held back)" : "")</li>"
            }.joined() + "</ul>"
        }
        if let sending, let preview = try? await sending.previewDraft(draft, Recipient(email: visit.user.email, name: nil)) {
            body += """
                <h2>Preview</h2><p class="muted">Subject: \(Self.e(preview.composed.subject))</p>
                <iframe title="The HTML part as readers see it" sandbox="" srcdoc="\(Self.e(preview.html))" class="preview"></iframe>
                """
        }
        return consolePage(draft.kind == .digest ? "Weekly digest for review" : "Announcement for review", body, visit: visit, current: "/admin/", status: status)
    }

    func consoleDraftDecision(_ request: Request, context: WebContext, id: String) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            guard let fields = await checkedForm(request, visit: visit) else { return forbidden(visit) }
            guard let id = Int64(id), var draft = try await issues.draft(id: id) else { return draftMissing(visit) }
            guard draft.state(at: now()) == .pending else {
                return try await draftPage(draft, visit: visit, notice: "This draft was decided already, or expired; nothing changed.", problem: true, status: .conflict)
            }
            draft.held = draft.postIDs.enumerated().filter { fields["keep-\($0.offset)"] == nil }.map(\.element)
            draft.decidedBy = visit.user.email
            draft.decided = now()
            let approve = fields["action"] == "approve"
            guard !approve || !draft.kept.isEmpty else {
                return try await draftPage(draft, visit: visit, notice: "Keep at least one post, or drop the draft.", problem: true, status: .badRequest)
            }
            draft.state = approve ? .approved : .dropped
            guard try await issues.updateDraft(draft, from: .pending) else {
                return try await draftPage(draft, visit: visit, notice: "Someone decided this draft at the same moment; nothing changed.", problem: true, status: .conflict)
            }
            try await consoleAccess?.record(visit.user, approve ? "approved" : "dropped", draft.subject, now: now())
            guard approve else { return try await draftPage(draft, visit: visit, notice: "Dropped; it will not be sent.") }
            if let sending { _ = await startSend(sending, SendIssue.Request(mode: .approved)) }
            return try await draftPage(try await issues.draft(id: id) ?? draft, visit: visit, notice: "Approved; it is going out now.")
        }
    }

    /// `serve` sends what editors approved, and messages whose time came, every minute,
    /// whichever node they were decided on (the ledger makes a second sender join, not
    /// repeat); it runs the send only when there is such work, so it never holds the send
    /// lock when cron's digest comes.
    func sendApprovedDrafts() async {
        guard let sending else { return }
        do {
            let approved = try await issues.drafts(in: [.approved], limit: 1)
            let expiring = settings.review ? try await issues.drafts(in: [.pending], limit: 100).filter { $0.state(at: now()) == .expired } : []
            let due = try await issues.scheduledMessages(dueBy: now(), limit: 1)
            guard !approved.isEmpty || !expiring.isEmpty || !due.isEmpty else { return }
            _ = try await sending.run(SendIssue.Request(mode: .approved)) { event in
                if case .approvedSent(let draft) = event { self.logger.info("sent the approved draft \(draft.id) as issue \(draft.issueID ?? "?")") }
            }
        } catch {
            logger.warning("sending approved drafts: \(error)")
        }
    }
}

extension IssueDrafts {
    /// The drafts the overview shows: waiting, approved, and those that expired or were
    /// dropped lately.
    func draftsForReview(limit: Int) async throws -> [IssueDraft] {
        try await drafts(in: [.pending, .approved, .expired, .dropped], limit: limit)
    }
}
