import Foundation
import HTTPTypes
import NewsletterCore
import NewsletterServer
import Testing

/// The console through the real router and a real store: set-up, the two sign-in steps,
/// sessions, CSRF, roles and the subscriber pages (SPEC.md, "The console").
@Suite struct ConsoleTests {
    /// A browser: keeps the cookies the console sets and sends them back.
    final class Browser: @unchecked Sendable {
        let web: WebHarness
        var cookies: [String: String] = [:]
        init(_ web: WebHarness) { self.web = web }

        func send(_ method: HTTPRequest.Method, _ path: String, form: [(String, String)]? = nil, html: Bool = true) async throws -> WebHarness.Answer {
            var headers: [String: String] = [:]
            if html { headers["Accept"] = "text/html,application/xhtml+xml" }
            if !cookies.isEmpty { headers["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
            let body = form.map { FormEncoding.encode($0) } ?? ""
            let answer = try await web.request(method, path, body: body, type: form == nil ? nil : "application/x-www-form-urlencoded", headers: headers)
            for line in answer.headers[values: .setCookie] {
                let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
            return answer
        }

        func get(_ path: String) async throws -> WebHarness.Answer { try await send(.get, path) }
        func post(_ path: String, _ form: [(String, String)]) async throws -> WebHarness.Answer { try await send(.post, path, form: form) }
    }

    static func csrf(_ page: String) throws -> String {
        let range = try #require(page.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression))
        return String(page[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    static let password = "correct horse battery"

    /// A user of `role`, set up through the link, signed in; returns the browser and the session's CSRF token.
    static func signedIn(_ web: WebHarness, _ role: ConsoleRole) async throws -> (Browser, String, ConsoleUser) {
        let (user, token) = try await web.console.addUser("\(role.rawValue)@clinic.example", role: role, now: web.clock.now)
        let browser = Browser(web)
        let setup = try await browser.get("/admin/setup/\(token)")
        #expect(setup.status == 200)
        let code = TOTP(secret: user.totpSecret).code(step: TOTP.step(at: web.clock.now))
        let done = try await browser.post("/admin/setup/\(token)", [("csrf", try csrf(setup.text)), ("password", password), ("confirmation", password), ("code", code)])
        #expect(done.status == 303 && done.header("Location") == "/admin/")
        let overview = try await browser.get("/admin/")
        #expect(overview.status == 200)
        return (browser, try csrf(overview.text), user)
    }

    @Test func withoutASessionEveryConsolePathSendsBrowsersToSignInAndOthersAway() async throws {
        let web = try WebHarness()
        let browser = Browser(web)
        for path in ["/admin/", "/admin/subscribers", "/admin/subscribers/1", "/admin/anything"] {
            let page = try await browser.get(path)
            #expect(page.status == 303 && page.header("Location") == "/admin/login", "\(path)")
            #expect(try await browser.send(.get, path, html: false).status == 401, "\(path)")
        }
        // SPEC: an HTML request is sent to sign in, any other gets 401; a POST changes nothing either way.
        #expect(try await browser.post("/admin/subscribers/1", [("action", "erase")]).status == 303)
        #expect(try await browser.send(.post, "/admin/subscribers/1", form: [("action", "erase")], html: false).status == 401)
        #expect(try await browser.get("/admin/report").status == 404)  // no admin token configured
        let login = try await browser.get("/admin/login")
        #expect(login.status == 200 && browser.cookies["nl_form"] != nil)
    }

    @Test func setUpOnceThenSignInWithPasswordAndACodeUsedOnce() async throws {
        let web = try WebHarness()
        let (browser, csrf, user) = try await Self.signedIn(web, .editor)
        let cookie = try #require(try await web.console.users().first)
        #expect(cookie.isEnrolled)
        // The session cookie: HttpOnly, SameSite=Strict, Secure (the base URL is https), on /admin only.
        let (user2, token) = try await web.console.addUser("second@clinic.example", role: .viewer, now: web.clock.now)
        let other = Browser(web)
        let setup = try await other.get("/admin/setup/\(token)")
        let done = try await other.post("/admin/setup/\(token)", [("csrf", try Self.csrf(setup.text)), ("password", Self.password),
                                                                  ("confirmation", Self.password),
                                                                  ("code", TOTP(secret: user2.totpSecret).code(step: TOTP.step(at: web.clock.now)))])
        let setCookie = try #require(done.headers[values: .setCookie].first { $0.hasPrefix("nl_session=") })
        for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/admin"] { #expect(setCookie.contains(flag), "\(flag)") }
        // The link works once.
        #expect(try await Browser(web).get("/admin/setup/\(token)").status == 404)

        // Sign out, then in again: password, then a code; the code of the set-up's step is spent.
        #expect(try await browser.post("/admin/logout", [("csrf", csrf)]).status == 303)
        #expect(try await browser.get("/admin/").status == 303)
        let login = try await browser.get("/admin/login")
        let formToken = try Self.csrf(login.text)
        let wrong = try await browser.post("/admin/login", [("csrf", formToken), ("email", user.email), ("password", "not it at all")])
        #expect(wrong.status == 401 && wrong.text.contains("do not match"))
        let unknown = try await browser.post("/admin/login", [("csrf", formToken), ("email", "nobody@clinic.example"), ("password", Self.password)])
        #expect(unknown.status == 401 && unknown.text.contains("do not match"))
        let step = try await browser.post("/admin/login", [("csrf", formToken), ("email", "EDITOR@clinic.example"), ("password", Self.password)])
        #expect(step.status == 200 && step.text.contains("name=\"ticket\""))
        let ticketRange = try #require(step.text.range(of: #"name="ticket" value="[^"]+""#, options: .regularExpression))
        let ticket = String(step.text[ticketRange].dropFirst(#"name="ticket" value=""#.count).dropLast())
        let secret = TOTP(secret: user.totpSecret)
        let replayed = try await browser.post("/admin/login/code", [("csrf", formToken), ("ticket", ticket), ("code", secret.code(step: TOTP.step(at: web.clock.now)))])
        #expect(replayed.status == 401)
        web.clock.advance(30)
        let forgedTicket = try await browser.post("/admin/login/code", [("csrf", formToken), ("ticket", ticket + "x"),
                                                                        ("code", secret.code(step: TOTP.step(at: web.clock.now)))])
        #expect(forgedTicket.status == 401 && browser.cookies["nl_session"] == nil)
        let good = try await browser.post("/admin/login/code", [("csrf", formToken), ("ticket", ticket), ("code", secret.code(step: TOTP.step(at: web.clock.now)))])
        #expect(good.status == 303 && browser.cookies["nl_session"] != nil)
        #expect(try await browser.get("/admin/").status == 200)
        #expect(try await web.console.auditLog().map(\.action).contains("sign-in"))
    }

    @Test func tenWrongPasswordsLockTheAccountForAWhile() async throws {
        let web = try WebHarness()
        let (_, _, user) = try await Self.signedIn(web, .owner)
        let browser = Browser(web)
        let token = try Self.csrf(try await browser.get("/admin/login").text)
        for n in 1...ConsoleAccess.lockAfter {
            let answer = try await browser.post("/admin/login", [("csrf", token), ("email", user.email), ("password", "wrong guess \(n)")])
            #expect(answer.status == (n < ConsoleAccess.lockAfter ? 401 : 403), "attempt \(n)")
        }
        let locked = try await browser.post("/admin/login", [("csrf", token), ("email", user.email), ("password", Self.password)])
        #expect(locked.status == 403 && locked.text.contains("locked"))
        web.clock.advance(ConsoleAccess.lockFor + 1)
        let again = try await browser.post("/admin/login", [("csrf", token), ("email", user.email), ("password", Self.password)])
        #expect(again.status == 200 && again.text.contains("name=\"ticket\""))
    }

    @Test func aFormWithoutTheSessionsCSRFTokenGets403AndChangesNothing() async throws {
        let web = try WebHarness()
        let (browser, csrf, _) = try await Self.signedIn(web, .editor)
        let (_, otherCSRF, _) = try await Self.signedIn(web, .owner)
        let person = try await web.store.subscribers.add("reader@example.org", name: "Reader", confirmed: true, source: .cli, now: web.clock.now).subscriber
        for token in [nil, "", "forged", otherCSRF] {
            var form = [("action", "settings"), ("pause", "1m"), ("cadence", "weekly"), ("name", "Reader")]
            if let token { form.append(("csrf", token)) }
            #expect(try await browser.post("/admin/subscribers/\(person.id)", form).status == 403)
        }
        #expect(try await web.store.subscribers.subscriber("reader@example.org")?.pausedUntil == nil)
        // Before a session: the sign-in form's token must match its cookie.
        let stranger = Browser(web)
        #expect(try await stranger.post("/admin/login", [("csrf", "guess"), ("email", "editor@clinic.example"), ("password", Self.password)]).status == 403)

        let saved = try await browser.post("/admin/subscribers/\(person.id)", [("csrf", csrf), ("action", "settings"), ("pause", "1m"), ("cadence", "each"),
                                                                              ("name", "Reader")])
        #expect(saved.status == 200 && saved.text.contains("Saved."))
        let after = try #require(try await web.store.subscribers.subscriber("reader@example.org"))
        #expect(after.isPaused(at: web.clock.now) && after.cadence == .each)
        let log = try await web.store.subscribers.events(of: after)
        #expect(log.suffix(2).allSatisfy { $0.source == .admin && $0.detail?.hasSuffix("by editor@clinic.example") == true })
    }

    @Test func aViewerReadsAnEditorChangesOnlyAnOwnerErases() async throws {
        let web = try WebHarness()
        let person = try await web.store.subscribers.add("reader@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now).subscriber
        let path = "/admin/subscribers/\(person.id)"
        let (viewer, viewerCSRF, _) = try await Self.signedIn(web, .viewer)
        let page = try await viewer.get(path)
        #expect(page.status == 200 && page.text.contains("reader@example.org") && !page.text.contains("name=\"action\""))
        #expect(try await viewer.post(path, [("csrf", viewerCSRF), ("action", "unsubscribe")]).status == 403)
        #expect(try await viewer.post(path, [("csrf", viewerCSRF), ("action", "erase"), ("confirm", "reader@example.org")]).status == 403)

        let (editor, editorCSRF, _) = try await Self.signedIn(web, .editor)
        #expect(try await editor.post(path, [("csrf", editorCSRF), ("action", "erase"), ("confirm", "reader@example.org")]).status == 403)
        #expect(try await web.store.subscribers.subscriber("reader@example.org")?.status == .confirmed)

        let (owner, ownerCSRF, _) = try await Self.signedIn(web, .owner)
        #expect(try await owner.post(path, [("csrf", ownerCSRF), ("action", "erase"), ("confirm", "someone@else.org")]).status == 400)
        #expect(try await web.store.subscribers.subscriber("reader@example.org") != nil)
        #expect(try await owner.post(path, [("csrf", ownerCSRF), ("action", "erase"), ("confirm", " Reader@Example.org ")]).status == 200)
        #expect(try await web.store.subscribers.subscriber("reader@example.org") == nil)
        let audit = try await web.console.auditLog()
        #expect(audit.first?.action == "erased a subscriber" && audit.first?.detail == nil)
        #expect(try await owner.get(path).status == 404)
    }

    @Test func sessionsEndWhenIdleAndAfterTwelveHoursWhatever() async throws {
        let web = try WebHarness()
        let (browser, _, _) = try await Self.signedIn(web, .viewer)
        web.clock.advance(ConsoleAccess.idleTimeout + 1)
        #expect(try await browser.get("/admin/").status == 303)

        let (busy, _, _) = try await Self.signedIn(web, .editor)
        for _ in 0..<Int(ConsoleAccess.absoluteTimeout / (20 * 60)) - 1 {
            web.clock.advance(20 * 60)
            #expect(try await busy.get("/admin/").status == 200)
        }
        web.clock.advance(20 * 60)
        #expect(try await busy.get("/admin/").status == 303)
    }

    @Test func subscribersAreFoundByTheStartOfAnAddressOrNameAPageAtATime() async throws {
        let web = try WebHarness()
        for i in 0..<60 {
            _ = try await web.store.subscribers.add(String(format: "p%02d@example.org", i), name: i == 7 ? "Quinn <b>Lee</b>" : nil, confirmed: i % 2 == 0,
                                                    source: .cli, now: web.clock.now)
        }
        let (browser, _, _) = try await Self.signedIn(web, .viewer)
        let first = try await browser.get("/admin/subscribers")
        #expect(first.text.contains("p00@example.org") && first.text.contains("p49@example.org") && !first.text.contains("p50@example.org"))
        #expect(first.text.contains("after=p49@example.org\" rel=\"next\""))
        let second = try await browser.get("/admin/subscribers?q=&status=&cadence=&after=p49%40example.org")
        #expect(second.text.contains("p50@example.org") && !second.text.contains("p49@example.org"))
        let byName = try await browser.get("/admin/subscribers?q=quinn")
        #expect(byName.text.contains("p07@example.org") && byName.text.contains("Quinn &lt;b&gt;Lee&lt;/b&gt;") && !byName.text.contains("p08@"))
        let pending = try await browser.get("/admin/subscribers?q=p1&status=pending")
        #expect(pending.text.contains("p11@example.org") && !pending.text.contains("p10@example.org"))
    }

    @Test func anEditorWritesPreviewsTriesAndSendsAMarkdownAnnouncementOnce() async throws {
        let web = try WebHarness()
        for i in 0..<50 {
            _ = try await web.store.subscribers.add("r\(i)@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now - 3600)
        }
        let (viewer, viewerCSRF, _) = try await Self.signedIn(web, .viewer)
        #expect(try await viewer.get("/admin/compose").status == 403)
        let markdown = "We start a **new group** on Tuesdays:\n\n- 6 pm, room 2\n- [sign up here](https://www.harborlightclinic.example/groups/)\n"
        let form = [("subject", "A new group for families"), ("audience", "all"), ("markdown", markdown)]
        #expect(try await viewer.post("/admin/compose", [("csrf", viewerCSRF), ("action", "send")] + form).status == 403)

        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        #expect(try await editor.post("/admin/compose", [("action", "send")] + form).status == 403)
        // A long announcement fits a console form (public forms stay at 16 KB).
        let long = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "preview"), ("subject", "Long"), ("audience", "all"),
                                                            ("markdown", String(repeating: "A long line of the clinic's news. ", count: 4_000))])
        #expect(long.status == 200 && long.text.contains("<iframe"))
        let empty = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "preview"), ("subject", "S"), ("audience", "all"), ("markdown", " ")])
        #expect(empty.status == 400 && empty.text.contains("The message is empty."))
        let preview = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "preview")] + form)
        #expect(preview.status == 200 && preview.text.contains("<iframe id=\"preview-frame\" title=\"The HTML part as readers see it\" sandbox=\"\" srcdoc=\""))
        #expect(preview.text.contains("&lt;strong&gt;new group&lt;/strong&gt;") && preview.text.contains("• 6 pm, room 2"))
        #expect(preview.text.contains("Subject: Harbor Light Counseling: A new group for families"))
        #expect(try await web.outbox().isEmpty)

        // The live preview's JSON, and the script it comes from (allowed on console pages only).
        let live = try await editor.post("/admin/compose/preview", [("csrf", csrf)] + form)
        #expect(live.header("Content-Type") == "application/json" && live.text.contains("\"subject\":\"Harbor Light Counseling: A new group for families\""))
        #expect(try await editor.post("/admin/compose/preview", form).status == 403)
        let script = try await editor.get("/admin/console.js")
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8" && script.text.contains("/admin/compose/preview"))
        #expect(script.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(try await web.get("/subscribe").header("Content-Security-Policy")?.contains("script-src") == false)
        let test = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "test")] + form)
        #expect(test.text.contains("A test copy of &quot;[TEST] Harbor Light Counseling: A new group for families&quot; went to editor@clinic.example."))
        #expect(try await web.outbox(count: 1).count == 1)

        let sent = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "send")] + form)
        #expect(sent.status == 200 && sent.text.contains("to 50 readers"), "\(sent.text)")
        let issueID = WebHarness.now.formatted(.iso8601.year().month().day())
        #expect(sent.text.contains("/admin/issues/\(issueID)"))
        let copies = try await web.outbox(count: 51)
        #expect(copies.count == 51)
        for _ in 0..<400 where try await web.store.issues.issue(id: issueID)?.finished == nil { try await Task.sleep(for: .milliseconds(50)) }
        // Sent again: nobody gets it twice.
        let again = try await editor.post("/admin/compose", [("csrf", csrf), ("action", "send")] + form)
        #expect(again.text.contains("went out already to everyone it is for"), "\(again.text)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await web.outbox().count == 51)

        // Its numbers, once delivered.
        var page = try await viewer.get("/admin/issues/\(issueID)")
        for _ in 0..<100 where !page.text.contains("finished") {
            try await Task.sleep(for: .milliseconds(50))
            page = try await viewer.get("/admin/issues/\(issueID)")
        }
        #expect(page.text.contains("<dt>Recipients</dt><dd>50</dd>") && page.text.contains("<dt>Delivered</dt><dd>50</dd>"), "\(page.text)")
        let list = try await viewer.get("/admin/issues")
        #expect(list.text.contains("A new group for families") && list.text.contains(">announcement<"))
        #expect(try await web.console.auditLog().contains { $0.action == "sent the message" && $0.user == "editor@clinic.example" })
    }

    /// Collects a send's events, as cron's output would show them.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [SendIssue.Event] = []
        func add(_ event: SendIssue.Event) { lock.withLock { list.append(event) } }
        var all: [SendIssue.Event] { lock.withLock { list } }
    }

    /// A send as cron runs it; one that finds another running leaves, as `newsletter send` does.
    static func cron(_ web: WebHarness, _ mode: SendIssue.Mode = .digest(since: nil, weekly: true), review: Bool = true) async throws -> [SendIssue.Event] {
        let events = Events()
        do {
            _ = try await web.sending.run(SendIssue.Request(mode: mode, review: review)) { events.add($0) }
        } catch is SendFlag.Busy {
            return []
        }
        return events.all
    }

    static func copies(_ web: WebHarness) async throws -> [String] {
        try await web.outbox().filter { !$0.contains("Subject: [Review]") && !$0.contains("Subject: [TEST]") }
    }

    @Test func underReviewTheWeeklyDigestWaitsForAnEditorAndGoesOutOnceApproved() async throws {
        let web = try WebHarness()
        for i in 0..<12 { _ = try await web.store.subscribers.add("r\(i)@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now - 86_400) }
        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        let (viewer, viewerCSRF, _) = try await Self.signedIn(web, .viewer)
        // A digest two weeks ago (before review was required): this week's carries two posts.
        web.clock.advance(-14 * 86_400)
        _ = try await Self.cron(web, review: false)
        web.clock.advance(14 * 86_400)
        let before = try await Self.copies(web).count

        // Cron composes a draft and tells the editor; nothing goes to readers.
        let first = try await Self.cron(web)
        guard case .drafted(let draft, let told)? = first.last else { Issue.record("no draft: \(first)"); return }
        #expect(told == ["editor@clinic.example"])
        #expect(draft.postIDs.count >= 2 && draft.titles.count == draft.postIDs.count)
        let notice = try #require(try await web.outbox(count: 1).first { $0.contains("Subject: [Review]") })
        #expect(notice.contains("/admin/drafts/\(draft.id)") && notice.contains("editor@clinic.example"))
        #expect(try await Self.copies(web).count == before)
        // Cron again: still waiting.
        guard case .awaitingReview? = try await Self.cron(web).last else { Issue.record("not waiting"); return }

        let overview = try await editor.get("/admin/")
        #expect(overview.text.contains("Waiting for review") && overview.text.contains("/admin/drafts/\(draft.id)"))
        let page = try await editor.get("/admin/drafts/\(draft.id)")
        #expect(page.status == 200 && page.text.contains("id=\"approve\"") && page.text.contains("<iframe"))
        #expect(try await viewer.post("/admin/drafts/\(draft.id)", [("csrf", viewerCSRF), ("action", "approve"), ("keep-0", "1")]).status == 403)
        #expect(try await editor.post("/admin/drafts/\(draft.id)", [("action", "approve"), ("keep-0", "1")]).status == 403)
        #expect(try await editor.post("/admin/drafts/\(draft.id)", [("csrf", csrf), ("action", "approve")]).status == 400)

        // Approve with the second post held back: the digest goes out with the first only.
        let approved = try await editor.post("/admin/drafts/\(draft.id)", [("csrf", csrf), ("action", "approve"), ("keep-0", "1")])
        #expect(approved.status == 200 && approved.text.contains("Approved"), "\(approved.text)")
        var copies = try await Self.copies(web)
        for _ in 0..<200 where copies.count < before + 12 {
            try await Task.sleep(for: .milliseconds(25))
            copies = try await Self.copies(web)
        }
        #expect(copies.count == before + 12)
        copies = Array(copies.filter { $0.contains("2026-11-27") })
        let keptTitle = draft.titles[0], heldTitle = draft.titles[1]
        #expect(copies.allSatisfy { $0.contains(HTMLEscape.text(keptTitle)) || $0.contains(keptTitle) })
        let heldWords = heldTitle.split(separator: " ").suffix(3).joined(separator: " ")
        #expect(copies.count == 12 && !copies.contains { $0.contains(heldWords) }, "\(heldWords)")

        // Cron and serve's minute both try again, at once: nobody gets it twice.
        async let a = Self.cron(web)
        async let b = Self.cron(web, .approved)
        _ = try await (a, b)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await Self.copies(web).count == before + 12)
        let sent = try #require(try await web.store.issues.draft(id: draft.id))
        #expect(sent.state == .sent && sent.decidedBy == "editor@clinic.example" && sent.issueID != nil)
        #expect(try await web.console.auditLog().contains { $0.action == "approved" })
    }

    @Test func aDraftNobodyApprovesIsLeftUnsentAndSaidSo() async throws {
        let web = try WebHarness()
        _ = try await web.store.subscribers.add("r@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now - 86_400)
        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        guard case .drafted(let draft, _)? = try await Self.cron(web).last else { Issue.record("no draft"); return }
        web.clock.advance(IssueDraft.lifetime + 60)
        let events = try await Self.cron(web, .approved)
        #expect(events.contains { if case .draftExpired = $0 { true } else { false } })
        #expect(try await web.store.issues.draft(id: draft.id)?.state == .expired)
        let (fresh, freshCSRF, _) = try await Self.signedIn(web, .owner)
        let overview = try await fresh.get("/admin/")
        #expect(overview.text.contains("not approved in time; left unsent"))
        #expect(try await fresh.post("/admin/drafts/\(draft.id)", [("csrf", freshCSRF), ("action", "approve"), ("keep-0", "1")]).status == 409)
        _ = (editor, csrf)
        #expect(try await Self.copies(web).isEmpty)
    }

    @Test func anAnnouncementSentAtATimeWaitsOnTheOverviewThenGoesOutOnce() async throws {
        let web = try WebHarness()
        for i in 0..<3 { _ = try await web.store.subscribers.add("r\(i)@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now - 3600) }
        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        let form = [("csrf", csrf), ("action", "send"), ("subject", "Closed on Friday"), ("audience", "all"), ("markdown", "See you **Monday**.")]
        #expect(try await editor.post("/admin/compose", form + [("at", "soon")]).status == 400)
        let scheduled = try await editor.post("/admin/compose", form + [("at", "2026-11-27T18:00")])
        #expect(scheduled.text.contains("will go out at 2026-11-27 18:00:00 UTC"), "\(scheduled.text)")
        #expect(try await editor.get("/admin/").text.contains("Closed on Friday at 2026-11-27 18:00:00 UTC (by editor@clinic.example)"))
        _ = try await Self.cron(web, .approved, review: false)
        #expect(try await Self.copies(web).isEmpty)
        web.clock.advance(10 * 3600)
        async let a = Self.cron(web, .approved, review: false)
        async let b = Self.cron(web, .approved, review: false)
        _ = try await (a, b)
        var copies = try await Self.copies(web)
        for _ in 0..<100 where copies.count < 3 {
            try await Task.sleep(for: .milliseconds(25))
            copies = try await Self.copies(web)
        }
        try await Task.sleep(for: .milliseconds(200))
        let final = try await Self.copies(web)
        #expect(final.count == 3, "\(final.map { $0.components(separatedBy: "\r\n").filter { $0.hasPrefix("To:") || $0.hasPrefix("Subject:") } })")
        #expect(try await web.store.issues.scheduledMessages(dueBy: nil, limit: 10).isEmpty)
        #expect(!(try await editor.get("/admin/").text.contains("Closed on Friday at")))
    }

    @Test func theOverviewSaysWhatCronSendsNextAndTheSettingsPageWhatIsSet() async throws {
        let web = try WebHarness()
        for i in 0..<4 { _ = try await web.store.subscribers.add("r\(i)@example.org", name: nil, confirmed: true, source: .cli, now: web.clock.now - 86_400) }
        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        let overview = try await editor.get("/admin/")
        #expect(overview.text.contains("<strong id=\"next-readers\">4</strong> readers") && overview.text.contains("A Gentle Guide to Holiday Stress"))
        #expect(overview.text.contains("<div class=\"chart\"><svg") || overview.text.contains("No subscriber history yet."))
        let next = try await editor.get("/admin/next")
        #expect(next.text.contains("<iframe") && next.text.contains("Send a test to me"))
        let test = try await editor.post("/admin/next", [("csrf", csrf)])
        #expect(test.text.contains("went to editor@clinic.example"), "\(test.text)")
        #expect(try await web.outbox(count: 1).first?.contains("Subject: [TEST]") == true)
        #expect(try await editor.post("/admin/next", []).status == 403)
        let settings = try await editor.get("/admin/settings")
        #expect(settings.text.contains("<td>dns.spf</td><td>fail</td>") && settings.text.contains("Publish v=spf1"))
        #expect(settings.text.contains("<td>NEWSLETTER_SMTP_PASSWORD</td><td>set (hidden)</td>"))
    }

    @Test func editorsAddAndImportOwnersExport() async throws {
        let web = try WebHarness()
        let (editor, csrf, _) = try await Self.signedIn(web, .editor)
        let invited = try await editor.post("/admin/subscribers/new", [("csrf", csrf), ("email", "new@example.org"), ("name", "New\r\nBcc: x")])
        #expect(invited.text.contains("new@example.org was added; a confirmation email asks them to confirm."))
        #expect(try await web.outbox(count: 1).first?.contains("new@example.org") == true)
        let consented = try await editor.post("/admin/subscribers/new", [("csrf", csrf), ("email", "ok@example.org"), ("consent", "1")])
        #expect(consented.text.contains("ok@example.org was added as confirmed"))
        let events = try await web.store.subscribers.events(of: try #require(try await web.store.subscribers.subscriber("ok@example.org")))
        #expect(events.first?.source == .admin && events.first?.detail?.contains("by editor@clinic.example") == true)
        #expect(try await editor.post("/admin/subscribers/new", [("csrf", csrf), ("email", "not an address")]).status == 400)

        let boundary = "----nlboundary"
        func upload(_ csv: String, token: String) -> String {
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        }
        let csv = "email,name\r\na1@example.org,A One\r\nnot-an-address,B\r\na2@example.org,A Two\r\n"
        var headers = ["Cookie": editor.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        headers["Accept"] = "text/html"
        let forged = try await web.request(.post, "/admin/subscribers/import", body: upload(csv, token: "forged"), type: "multipart/form-data; boundary=\(boundary)", headers: headers)
        #expect(forged.status == 403)
        let imported = try await web.request(.post, "/admin/subscribers/import", body: upload(csv, token: csrf), type: "multipart/form-data; boundary=\(boundary)", headers: headers)
        #expect(imported.text.contains("Imported 2 new subscribers from 3 rows") && imported.text.contains("Line 3:"), "\(imported.text)")
        #expect(try await web.store.subscribers.subscriber("a2@example.org")?.name == "A Two")

        #expect(try await editor.get("/admin/subscribers/export.csv").status == 403)
        let (owner, _, _) = try await Self.signedIn(web, .owner)
        let export = try await owner.get("/admin/subscribers/export.csv")
        #expect(export.status == 200 && export.header("Content-Type") == "text/csv; charset=utf-8")
        let lines = export.text.split(separator: "\n")
        #expect(lines.first == "email,name,status,created,confirmed,topics,attributes" && lines.count == 5)
        #expect(export.text.contains("a1@example.org,A One,pending,"))
    }
}
