import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/compose`: an announcement written in Markdown, previewed through the same
/// templates, tried on oneself, then sent through the same ledger as `send --markdown`.
extension WebApp {
    struct Draft {
        var subject = ""
        var audience = "all"
        var markdown = ""
        /// `2026-12-24T09:00` (UTC), or empty for now.
        var at = ""

        var cadence: Cadence? { Cadence(rawValue: audience) }
        var message: MarkdownMessage { MarkdownMessage(subject: subject, markdown: markdown, cadence: cadence) }
    }

    func consoleCompose(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in composePage(Draft(), visit: visit) }
    }

    func composePage(_ draft: Draft, visit: ConsoleVisit, notice: String? = nil, problem: Bool = false, preview: PreviewIssue.Preview? = nil,
                     status: HTTPResponse.Status = .ok) -> Response {
        func option(_ value: String, _ label: String) -> String {
            "<option value=\"\(value)\"\(draft.audience == value ? " selected" : "")>\(label)</option>"
        }
        var body = notice.map { ConsoleHTML.notice($0, problem: problem) } ?? ""
        body += """
            <form method="post" action="/admin/compose">\(ConsoleHTML.csrfField(visit.session.csrf))
            <label for="subject">Subject</label><input id="subject" name="subject" type="text" maxlength="200" required value="\(Self.e(draft.subject))">
            <label for="audience">Who gets it</label><select id="audience" name="audience">\(option("all", "everyone confirmed"))\(option("weekly", "weekly digest readers"))\(option("each", "readers of every post"))</select>
            <label for="markdown">Message (Markdown: **bold**, [a link](https://…), - lists, # headings)</label>
            <textarea id="markdown" name="markdown" rows="14" required>\(Self.e(draft.markdown))</textarea>
            <label for="at">Send at (UTC; empty: now)</label><input id="at" name="at" type="datetime-local" value="\(Self.e(draft.at))">
            <div class="row"><button type="submit" name="action" value="preview">Preview</button>
            <button type="submit" name="action" value="test">Send a test to me</button>
            <button type="submit" name="action" value="send" class="danger">Send</button></div></form>
            """
        // The preview: filled by the Preview button, and as one types by /admin/console.js.
        body += """
            <section id="preview"\(preview == nil ? " hidden" : "")><h2>Preview</h2><p class="muted" id="preview-subject">Subject: \(Self.e(preview?.composed.subject ?? ""))</p>
            <iframe id="preview-frame" title="The HTML part as readers see it" sandbox="" srcdoc="\(Self.e(preview?.html ?? ""))" class="preview"></iframe>
            <h2>Plain text part</h2><pre class="text-part" id="preview-text">\(Self.e(preview?.text ?? ""))</pre></section>
            <script src="/admin/console.js" defer></script>
            """
        return consolePage("Write an announcement", body, visit: visit, current: "/admin/compose", status: status)
    }

    func consoleComposeAction(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            guard let fields = await checkedForm(request, visit: visit) else { return forbidden(visit) }
            let draft = Draft(subject: String((fields["subject"] ?? "").prefix(400)), audience: fields["audience"] ?? "all",
                              markdown: fields["markdown"] ?? "", at: String((fields["at"] ?? "").prefix(40)))
            var at: Date?
            if !draft.at.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let time = Self.utcTime(draft.at) else {
                    return composePage(draft, visit: visit, notice: "The time '\(draft.at)' is not a date and time such as 2026-12-24T09:00.", problem: true, status: .badRequest)
                }
                at = time
            }
            guard let sending else { return composePage(draft, visit: visit, notice: "Sending is not available on this server.", problem: true, status: .serviceUnavailable) }
            guard ["all", "weekly", "each"].contains(draft.audience) else { return composePage(draft, visit: visit, notice: "Choose who gets it.", problem: true, status: .badRequest) }
            if let problem = draft.message.problem { return composePage(draft, visit: visit, notice: problem, problem: true, status: .badRequest) }
            let me = Recipient(email: visit.user.email, name: nil)
            switch fields["action"] ?? "preview" {
            case "test":
                let sentence = try await runToEnd(sending, SendIssue.Request(mode: .message(draft.message), testTo: visit.user.email))
                try await consoleAccess?.record(visit.user, "sent a test of", draft.subject, now: now())
                return composePage(draft, visit: visit, notice: sentence, preview: try await sending.preview(draft.message, me))
            case "send":
                var request = SendIssue.Request(mode: .message(draft.message), at: at)
                request.by = visit.user.email
                let outcome = await startSend(sending, request)
                try await consoleAccess?.record(visit.user, at == nil ? "sent the message" : "scheduled the message", draft.subject, now: now())
                var body = ConsoleHTML.notice(outcome.sentence, problem: outcome.issueID == nil && outcome.failed)
                if let id = outcome.issueID { body += "<p><a href=\"/admin/issues/\(Self.e(id))\">Follow issue \(Self.e(id))</a></p>" }
                return consolePage("Sending", body, visit: visit, current: "/admin/compose")
            default:
                return composePage(draft, visit: visit, preview: try await sending.preview(draft.message, me))
            }
        }
    }

    /// A `datetime-local` value (`2026-12-24T09:00`), read as UTC.
    static func utcTime(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 16 || t.count == 19 else { return nil }
        return FeedDate.parseISO8601(t + (t.count == 16 ? ":00Z" : "Z"))
    }

    /// `POST /admin/compose/preview`: the live preview's JSON (`subject`, `html`, `text`, or `problem`).
    func consoleComposePreview(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            guard let fields = await checkedForm(request, visit: visit) else { return Self.json(.object([("problem", .string("forbidden"))]), status: .forbidden) }
            let draft = Draft(subject: String((fields["subject"] ?? "").prefix(400)), audience: fields["audience"] ?? "all", markdown: fields["markdown"] ?? "")
            if let problem = draft.message.problem { return Self.json(.object([("problem", .string(problem))])) }
            guard let sending else { return Self.json(.object([("problem", .string("Previews are not available on this server."))])) }
            let preview = try await sending.preview(draft.message, Recipient(email: visit.user.email, name: nil))
            return Self.json(.object([("subject", .string(preview.composed.subject)), ("html", .string(preview.html)), ("text", .string(preview.text))]))
        }
    }

    /// The composer's script: the preview follows the typing (half a second after the last key).
    func consoleScript() -> Response {
        Self.html(ConsoleScript.source, type: "text/javascript; charset=utf-8")
    }

    /// Runs a request that ends quickly (a test copy) and words what happened.
    func runToEnd(_ sending: ConsoleSending, _ request: SendIssue.Request) async throws -> String {
        let words = EventWords()
        do {
            _ = try await sending.run(request) { words.add($0) }
        } catch {
            return "Nothing was sent: \(error)"
        }
        return words.sentence
    }

    /// Starts a send in the background and waits until it says what it does (the issue and
    /// its copies) or that there is nothing to do; the copies go out after the answer.
    func startSend(_ sending: ConsoleSending, _ request: SendIssue.Request) async -> (sentence: String, issueID: String?, failed: Bool) {
        let (stream, continuation) = AsyncStream.makeStream(of: SendIssue.Event.self)
        let logger = self.logger
        let task = Task {
            defer { continuation.finish() }
            return try await sending.run(request) { event in
                continuation.yield(event)
                if case .delivered(let summary) = event { logger.info("console send: \(summary.sent) sent, \(summary.failed) failed") }
            }
        }
        for await event in stream {
            switch event {
            case .announcing(let subject, let id, let copies, _):
                return ("\"\(subject)\" is going out as issue \(id) to \(copies) reader\(copies == 1 ? "" : "s").", id, false)
            case .scheduled(let scheduled):
                return ("\"\(scheduled.message.subject)\" will go out at \(ConsoleHTML.date(scheduled.at)).", nil, false)
            case .sendingDigest(let subject, let id, _, let copies):
                return ("\"\(subject)\" is going out as issue \(id) to \(copies) reader\(copies == 1 ? "" : "s").", id, false)
            case .noReaders, .announcedAlready, .recordedElsewhere, .sentAlready, .draftDropped, .draftExpired:
                return (EventWords.words(event) ?? "Nothing to send.", nil, false)
            default:
                continue
            }
        }
        do {
            _ = try await task.value
            return ("Nothing was sent.", nil, false)
        } catch {
            return ("Nothing was sent: \(error)", nil, true)
        }
    }
}

/// Sentences for the send use case's events, as the console shows them.
final class EventWords: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ event: SendIssue.Event) {
        guard let line = Self.words(event) else { return }
        lock.withLock { lines.append(line) }
    }

    var sentence: String { lock.withLock { lines.isEmpty ? "Done." : lines.joined(separator: " ") } }

    static func words(_ event: SendIssue.Event) -> String? {
        switch event {
        case .testSent(let subject, let to, _): "A test copy of \"\(subject)\" went to \(to)."
        case .noReaders: "Nobody in that audience would get it; nothing was sent."
        case .announcedAlready(let title, _): "\"\(title)\" went out already to everyone it is for; nothing to send."
        case .recordedElsewhere(let id): "Another sender recorded issue \(id) at the same moment; this one helps it."
        case .sentAlready(let id): "Issue \(id) went out already."
        case .checkFailed(let check, _): "Check \(check.id): \(check.message)"
        case .renderWarning(let warning): "Warning: \(warning)."
        case .delivered(let summary): "Sent \(summary.sent), failed \(summary.failed)."
        case .draftDropped(let draft): "\"\(draft.subject)\" was dropped; nothing was sent."
        case .draftExpired(let draft): "\"\(draft.subject)\" was not approved in time; it is left unsent."
        default: nil
        }
    }
}
