import Foundation
import HTTPTypes
import NewsletterCore
@testable import NewsletterServer
import Testing

/// Every endpoint of `newsletter serve`, in process, with golden files for every page.
@Suite struct WebAppTests {
    func expectGolden(_ answer: WebHarness.Answer, _ name: String, status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(answer.status == status, "\(name): status \(answer.status)", sourceLocation: sourceLocation)
        if let problem = try WebGolden.differs(answer.text, from: name) { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let web = try WebHarness()
        for path in ["/subscribe", "/healthz", "/archive", "/nowhere", "/confirm/garbage"] {
            let answer = try await web.get(path)
            #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true, "\(path)")
            #expect(answer.header("X-Content-Type-Options") == "nosniff" && answer.header("Referrer-Policy") == "no-referrer", "\(path)")
            #expect(answer.header("X-Frame-Options") == "DENY" && answer.header("Cache-Control") == "no-store", "\(path)")
            #expect(answer.header("Set-Cookie") == nil, "\(path)")
        }
        #expect(try await web.get("/healthz").text == "ok\n")
        try expectGolden(try await web.get("/nowhere"), "not-found.html", status: 404)
    }

    @Test func signUpPagesAndTheirAnswers() async throws {
        // Six sign-ups from one client: above the default limit of five.
        let web = try WebHarness(subscribeLimit: 10)
        try expectGolden(try await web.get("/subscribe"), "subscribe.html", status: 200)
        try expectGolden(try await web.post("/subscribe", form: "email=&name=Sam"), "subscribe-missing.html", status: 400)
        try expectGolden(try await web.post("/subscribe", form: "email=not-an-address&name=Sam"), "subscribe-invalid.html", status: 400)
        let sent = try await web.post("/subscribe", form: "email=sam%40example.com&name=Sam+Reader")
        try expectGolden(sent, "subscribe-sent.html", status: 200)
        // The same answer for an address already there, and for a bot filling the honeypot.
        #expect(try await web.post("/subscribe", form: "email=sam%40example.com").text == sent.text)
        #expect(try await web.post("/subscribe", form: "email=bot%40example.com&website=spam").text == sent.text)
        #expect(try await web.store.subscribers.subscriber("bot@example.com") == nil)
        let json = try await web.request(.post, "/subscribe", body: #"{"email":"jo@example.org","name":"Jo"}"#, type: "application/json")
        #expect(json.status == 200 && json.text.contains(#""status":"ok""#))
        // One confirmation each: Sam's second sign-up within the hour sends none.
        let mail = try await web.outbox(count: 2)
        #expect(mail.count == 2)
        #expect(mail.allSatisfy { $0.contains("Subject: Please confirm") })
        let sam = try #require(try await web.store.subscribers.subscriber("sam@example.com"))
        #expect(sam.status == .pending && sam.name == "Sam Reader")
        let events = try await web.store.subscribers.events(of: sam)
        #expect(events.first?.source == .web && events.first?.userAgent == "WebHarness")
    }

    @Test func theSignUpLimitPerClient() async throws {
        let web = try WebHarness(subscribeLimit: 2)
        for i in 0..<2 { #expect(try await web.post("/subscribe", form: "email=p\(i)%40example.com").status == 200) }
        try expectGolden(try await web.post("/subscribe", form: "email=p9%40example.com"), "too-many.html", status: 429)
        #expect(try await web.store.subscribers.subscriber("p9@example.com") == nil)
    }

    /// Issue 29, sign-up abuse: the public form cannot put a stranger's words in our mail,
    /// nor flood one mailbox through +tags and dots.
    @Test func theConfirmationEmailCarriesNothingTheFormWasGiven() async throws {
        let web = try WebHarness()
        let spam = "WIN-$1000-NOW:https://evil.example/claim?id=1 call 555-0100"
        #expect(try await web.post("/subscribe", form: "email=victim%40example.com&name=" + spam.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).status == 200)
        let mail = try #require(try await web.outbox(count: 1).first)
        #expect(!mail.contains("evil.example") && !mail.contains("WIN-") && !mail.contains("1000"), "\(mail)")
        #expect(mail.contains("\r\nTo: <victim@example.com>\r\n") || mail.contains("\r\nTo: victim@example.com\r\n"), "\(mail.prefix(800))")
        #expect(mail.contains("Hi there,"))
        // The name is kept for later mail, once the person has confirmed.
        #expect(try await web.store.subscribers.subscriber("victim@example.com")?.name == spam)
    }

    @Test func oneConfirmationPerMailboxHoweverTheAddressIsSpelled() async throws {
        let web = try WebHarness(subscribeLimit: 100)
        for i in 1...10 { #expect(try await web.post("/subscribe", form: "email=victim%2B\(i)%40example.com").status == 200) }
        for spelling in ["v.i.c.t.i.m%40gmail.com", "victim%40googlemail.com", "Victim%2Bx%40Gmail.com", "victim%40gmail.com"] {
            #expect(try await web.post("/subscribe", form: "email=" + spelling).status == 200)
        }
        let mails = try await web.outbox(count: 3, seconds: 3)
        #expect(mails.count == 2, "one for victim@example.com, one for victim@gmail.com: \(mails.count)")
        #expect(MailboxKey.canonical("V.I.C.T.I.M+news@GoogleMail.com") == "victim@gmail.com")
        #expect(MailboxKey.canonical("first.last+x@example.org") == "first.last@example.org")
        #expect(MailboxKey.canonical("+x@example.org") == "+x@example.org")
    }

    @Test func behindAProxyTheAddressItAppendedIsTheClient() async throws {
        let web = try WebHarness(subscribeLimit: 2) { $0.trustProxy = true }
        func signUp(_ i: Int, forwarded: String) async throws -> Int {
            try await web.request(.post, "/subscribe", body: "email=p\(i)%40example.com", type: "application/x-www-form-urlencoded",
                                  headers: ["X-Forwarded-For": forwarded]).status
        }
        // The client writes what it likes on the left; the proxy's entry on the right counts.
        #expect(try await signUp(1, forwarded: "198.51.100.1, 203.0.113.7") == 200)
        #expect(try await signUp(2, forwarded: "198.51.100.2, 203.0.113.7") == 200)
        #expect(try await signUp(3, forwarded: "198.51.100.3, 203.0.113.7") == 429)
        #expect(try await signUp(4, forwarded: "203.0.113.7, 2001:db8::1") == 200)
        // Something that is no IP address is not taken: the connection's peer counts instead.
        #expect(try await signUp(5, forwarded: "'; DROP TABLE x; --") == 200)
        #expect(try await signUp(6, forwarded: "not-an-ip") == 200)
        #expect(try await signUp(7, forwarded: "") == 429)
    }

    /// Issue 30: every page carries `lang` and `dir` on its content, not only on `<html>`.
    @Test func everyPageHasLanguageAndDirectionOnItsContent() async throws {
        let web = try WebHarness()
        for path in ["/subscribe", "/archive", "/nowhere", "/confirm/garbage", "/unsubscribe/garbage", "/preferences/garbage"] {
            let page = try await web.get(path).text
            #expect(page.contains("<main id=\"content\" lang=\"en\" dir=\"ltr\">"), "\(path)")
        }
    }

    /// Issue 29: machines do not inflate click counts, and a reader's repeats count once.
    @Test func clicksCountReadersOnce() {
        let filter = ClickFilter()
        let t = WebHarness.now, firefox = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
        #expect(filter.counts(client: "203.0.113.1", userAgent: firefox, issue: "i", link: "a", now: t))
        for s in 1...200 { #expect(!filter.counts(client: "203.0.113.1", userAgent: firefox, issue: "i", link: "a", now: t + Double(s))) }
        #expect(filter.counts(client: "203.0.113.1", userAgent: firefox, issue: "i", link: "b", now: t))
        #expect(filter.counts(client: "203.0.113.2", userAgent: firefox, issue: "i", link: "a", now: t))
        #expect(filter.counts(client: "203.0.113.1", userAgent: firefox, issue: "i", link: "a", now: t + ClickFilter.window + 1))
        for agent in [nil, "", "Mozilla/5.0 (compatible; bingbot/2.0)", "Proofpoint-URLDefense", "curl/8.5.0", "Mimecast Link Scanner"] {
            #expect(!filter.counts(client: "203.0.113.3", userAgent: agent, issue: "i", link: "a", now: t), "\(agent ?? "none")")
        }
    }

    @Test func confirmationLinks() async throws {
        let web = try WebHarness()
        _ = try await web.store.subscribers.add("ann@example.com", name: "Ann", confirmed: false, source: .web, now: WebHarness.now)
        let token = web.confirmToken("ann@example.com")
        // A GET (a mail filter's link scanner) shows the button and changes nothing, however often.
        for _ in 0..<3 { try expectGolden(try await web.get("/confirm/" + token), "confirm.html", status: 200) }
        #expect(try await web.store.subscribers.subscriber("ann@example.com")?.status == .pending)
        #expect(try await web.outbox(count: 0).isEmpty)
        try expectGolden(try await web.post("/confirm/" + token, form: ""), "confirmed.html", status: 200)
        #expect(try await web.store.subscribers.subscriber("ann@example.com")?.status == .confirmed)
        let welcome = try await web.outbox(count: 1)
        #expect(welcome.count == 1 && welcome[0].contains("/unsubscribe/"))
        try expectGolden(try await web.post("/confirm/" + token, form: ""), "link-used.html", status: 410)
        try expectGolden(try await web.get("/confirm/" + token), "link-used.html", status: 410)
        try expectGolden(try await web.get("/confirm/" + web.confirmToken("ann@example.com", expires: WebHarness.now - 1)), "link-expired.html", status: 410)
        #expect(try await web.post("/confirm/" + web.confirmToken("ann@example.com", expires: WebHarness.now - 1), form: "").status == 410)
        #expect(try await web.post("/confirm/garbage", form: "").status == 400)
        try expectGolden(try await web.get("/confirm/garbage"), "link-invalid.html", status: 400)
        // Valid for another purpose, forged, or for an address nobody has: refused alike.
        #expect(try await web.get("/confirm/" + web.unsubscribeToken("ann@example.com")).status == 400)
        #expect(try await web.get("/confirm/" + String(token.dropLast(2)) + "AA").status == 400)
        #expect(try await web.get("/confirm/" + web.confirmToken("nobody@example.com")).status == 400)
        #expect(try await web.store.subscribers.subscriber("nobody@example.com") == nil)
    }

    @Test func unsubscribeAndOneClick() async throws {
        let web = try WebHarness()
        _ = try await web.store.subscribers.add("bo@example.com", name: nil, confirmed: true, source: .cli, now: WebHarness.now)
        _ = try await web.store.subscribers.add("cy@example.com", name: nil, confirmed: true, source: .cli, now: WebHarness.now)
        let token = web.unsubscribeToken("bo@example.com")
        try expectGolden(try await web.get("/unsubscribe/" + token), "unsubscribe.html", status: 200)
        #expect(try await web.store.subscribers.subscriber("bo@example.com")?.status == .confirmed, "a GET changes nothing")
        try expectGolden(try await web.post("/unsubscribe/" + token, form: "List-Unsubscribe=One-Click"), "unsubscribed.html", status: 200)
        #expect(try await web.store.subscribers.subscriber("bo@example.com")?.status == .unsubscribed)
        // RFC 8058 one-click as multipart/form-data.
        let boundary = "----b"
        let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--\(boundary)--\r\n"
        let answer = try await web.request(.post, "/unsubscribe/" + web.unsubscribeToken("cy@example.com"), body: multipart,
                                           type: "multipart/form-data; boundary=\(boundary)")
        #expect(answer.status == 200 && answer.header("Location") == nil)
        #expect(try await web.store.subscribers.subscriber("cy@example.com")?.status == .unsubscribed)
        #expect(try await web.post("/unsubscribe/forged", form: "").status == 400)
        #expect(try await web.post("/unsubscribe/" + web.unsubscribeToken("erased@example.com"), form: "").status == 200)
    }

    @Test func preferencesChangeOnlyOnAPostWithTheirOwnToken() async throws {
        let web = try WebHarness()
        _ = try await web.store.subscribers.add("di@example.com", name: "Di", confirmed: true, source: .cli, now: WebHarness.now)
        let token = web.preferencesToken("di@example.com")
        try expectGolden(try await web.get("/preferences/" + token), "preferences.html", status: 200)
        var stored = try #require(try await web.store.subscribers.subscriber("di@example.com"))
        #expect(stored.cadence == .weekly && stored.pausedUntil == nil, "a GET changes nothing")
        // Another purpose's token, a forged one, or garbage: 400, nothing changes.
        for bad in [web.unsubscribeToken("di@example.com"), web.confirmToken("di@example.com"), String(token.dropLast(2)) + "AA", "garbage"] {
            #expect(try await web.get("/preferences/" + bad).status == 400)
            #expect(try await web.post("/preferences/" + bad, form: "cadence=each&pause=3m").status == 400)
        }
        #expect(try await web.post("/preferences/" + token, form: "cadence=daily&pause=keep").status == 400)
        #expect(try await web.post("/preferences/" + token, form: "cadence=each&pause=forever").status == 400)
        stored = try #require(try await web.store.subscribers.subscriber("di@example.com"))
        #expect(stored.cadence == .weekly && stored.pausedUntil == nil)
        // Every post, three months' pause (calendar months, UTC), a new name.
        let saved = try await web.post("/preferences/" + token, form: "cadence=each&pause=3m&name=Di%20Ng&action=save")
        try expectGolden(saved, "preferences-saved.html", status: 200)
        stored = try #require(try await web.store.subscribers.subscriber("di@example.com"))
        #expect(stored.cadence == .each && stored.name == "Di Ng")
        #expect(stored.pausedUntil.map(UTCFormat.iso8601) == "2027-02-27T09:00:00Z")
        // The same POST again logs nothing more.
        _ = try await web.post("/preferences/" + token, form: "cadence=each&pause=keep&name=Di%20Ng")
        let events = try await web.store.subscribers.events(of: stored)
        #expect(events.map(\.action) == ["subscribe", "cadence", "pause", "name"], "\(events.map(\.action))")
        #expect(events.allSatisfy { $0.action == "subscribe" || ($0.source == .web && $0.userAgent == "WebHarness") })
        #expect(events.first { $0.action == "pause" }?.detail == "until 2027-02-27T09:00:00Z")
        // Resume, then unsubscribe from the same page.
        _ = try await web.post("/preferences/" + token, form: "pause=resume")
        #expect(try await web.store.subscribers.subscriber("di@example.com")?.pausedUntil == nil)
        try expectGolden(try await web.post("/preferences/" + token, form: "action=unsubscribe"), "unsubscribed.html", status: 200)
        #expect(try await web.store.subscribers.subscriber("di@example.com")?.status == .unsubscribed)
        // An unsubscribed person sees why, and no form.
        let gone = try await web.get("/preferences/" + token)
        #expect(gone.status == 200 && gone.text.contains("is unsubscribed") && !gone.text.contains("<form"))
        #expect(try await web.post("/preferences/" + token, form: "cadence=weekly").status == 200)
        #expect(try await web.store.subscribers.subscriber("di@example.com")?.cadence == .each)
    }

    /// Topics: checkboxes on the sign-up form and the preferences page, all ticked by
    /// default; a choice is saved and logged; unticking every topic asks whether to leave.
    @Test func topicsAreChosenOnTheFormAndThePreferencesPage() async throws {
        let catalog = TopicCatalog([Topic(key: "recovery", title: "Recovery", description: "Living in recovery", categories: ["Recovery"]),
                                    Topic(key: "family", title: "Families & friends", categories: ["Family"])])
        let web = try WebHarness(configure: { $0.topics = catalog })
        let form = try await web.get("/subscribe")
        #expect(form.text.contains(#"<input type="checkbox" id="topic-recovery" name="topics" value="recovery" checked> Recovery <span class="hint">Living in recovery</span>"#), "\(form.text)")
        #expect(form.text.contains(#"value="family" checked> Families &amp; friends</label>"#))
        #expect(try await web.post("/subscribe", form: "email=gil%40example.com&topics_shown=1&topics=family").status == 200)
        #expect(try await web.store.subscribers.subscriber("gil@example.com")?.topics == ["family"])
        // Both ticked is every topic; none ticked is refused with a sentence; unknown keys are ignored.
        #expect(try await web.post("/subscribe", form: "email=hal%40example.com&topics_shown=1&topics=family&topics=recovery").status == 200)
        #expect(try await web.store.subscribers.subscriber("hal@example.com")?.topics == [])
        let none = try await web.post("/subscribe", form: "email=ida%40example.com&topics_shown=1")
        #expect(none.status == 400 && none.text.contains("Please choose at least one topic"))
        #expect(try await web.store.subscribers.subscriber("ida@example.com") == nil)
        #expect(try await web.post("/subscribe", form: "email=jo%40example.com&topics_shown=1&topics=recovery&topics=%3Cscript%3E").status == 200)
        #expect(try await web.store.subscribers.subscriber("jo@example.com")?.topics == ["recovery"])

        _ = try await web.store.subscribers.add("kim@example.com", name: nil, confirmed: true, source: .cli, now: WebHarness.now)
        let token = web.preferencesToken("kim@example.com")
        let page = try await web.get("/preferences/" + token)
        #expect(page.text.contains(#"value="recovery" checked>"#) && page.text.contains(#"value="family" checked>"#))
        let saved = try await web.post("/preferences/" + token, form: "pause=keep&topics_shown=1&topics=recovery")
        #expect(saved.status == 200 && saved.text.contains(#"value="recovery" checked>"#) && saved.text.contains(#"value="family">"#), "\(saved.text)")
        var kim = try #require(try await web.store.subscribers.subscriber("kim@example.com"))
        #expect(kim.topics == ["recovery"])
        #expect(try await web.store.subscribers.events(of: kim).last.map { ($0.action, $0.detail) } ?? ("", nil) == ("topics", "all topics → recovery"))
        // Every topic unticked: asked, nothing changed.
        let asked = try await web.post("/preferences/" + token, form: "pause=keep&topics_shown=1")
        #expect(asked.status == 200 && asked.text.contains("Do you mean to unsubscribe") && asked.text.contains(#"name="action" value="unsubscribe""#))
        kim = try #require(try await web.store.subscribers.subscriber("kim@example.com"))
        #expect(kim.topics == ["recovery"] && kim.status == .confirmed)
        // A key the page never offered: 400, nothing changed.
        #expect(try await web.post("/preferences/" + token, form: "topics_shown=1&topics=sports").status == 400)
        #expect(try await web.store.subscribers.subscriber("kim@example.com")?.topics == ["recovery"])
    }

    @Test func theSignUpFormTakesACadence() async throws {
        let web = try WebHarness()
        #expect(try await web.post("/subscribe", form: "email=ed%40example.com&cadence=each").status == 200)
        #expect(try await web.store.subscribers.subscriber("ed@example.com")?.cadence == .each)
        #expect(try await web.request(.post, "/subscribe", body: #"{"email": "fa@example.com", "cadence": "weekly"}"#, type: "application/json").status == 200)
        #expect(try await web.store.subscribers.subscriber("fa@example.com")?.cadence == .weekly)
        // A confirmed subscriber's cadence is not the sign-up form's to change.
        _ = try await web.store.subscribers.add("gi@example.com", name: nil, confirmed: true, source: .cli, now: WebHarness.now)
        #expect(try await web.post("/subscribe", form: "email=gi%40example.com&cadence=each").status == 200)
        #expect(try await web.store.subscribers.subscriber("gi@example.com")?.cadence == .weekly)
    }

    @Test func theAdminReportNeedsTheToken() async throws {
        let closed = try WebHarness()
        #expect(try await closed.get("/admin/report").status == 404, "no token configured: 404")
        let web = try WebHarness(configure: { $0.adminToken = "s3cret-admin" })
        _ = try await web.store.subscribers.add("ann@example.com", name: nil, confirmed: true, source: .cli, now: WebHarness.now)
        #expect(try await web.get("/admin/report").status == 401)
        let unauthorized = try await web.request(.get, "/admin/report", headers: ["Authorization": "Bearer wrong"])
        #expect(unauthorized.status == 401 && unauthorized.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        let basic = { (pair: String) in "Basic " + Data(pair.utf8).base64EncodedString() }
        #expect(try await web.request(.get, "/admin/report", headers: ["Authorization": basic("someone:s3cret-admin")]).status == 401)
        #expect(try await web.request(.get, "/admin/report", headers: ["Authorization": "Bearer s3cret-admin2"]).status == 401)
        for header in ["Bearer s3cret-admin", basic("admin:s3cret-admin")] {
            let page = try await web.request(.get, "/admin/report", headers: ["Authorization": header])
            #expect(page.status == 200 && page.text.contains("<svg") && page.text.contains("Confirmed subscribers") && !page.text.contains("<script"), "\(header)")
        }
    }

    @Test func theArchiveAndItsFeed() async throws {
        let web = try WebHarness()
        try expectGolden(try await web.get("/archive"), "archive-empty.html", status: 200)
        _ = try await web.store.subscribers.add("dee@example.com", name: "Dee", confirmed: true, source: .cli, now: WebHarness.now)
        let composer = IssueComposer(identity: WebHarness.identity, templates: try TemplateSet(), secret: WebHarness.secret)
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let composed = composer.compose(issueID: "2026-11-27", date: WebHarness.now, posts: Array(feed.newestFirst.prefix(2)))
        _ = try await web.store.issues.createIssue(IssueRecord(id: "2026-11-27", created: WebHarness.now, week: "2026-W48", subject: composed.subject,
                                                              html: composed.rendered.html.rendered, text: composed.rendered.text.rendered,
                                                              postIDs: [], identity: WebHarness.identity))
        try await web.store.issues.finishIssue("2026-11-27", now: WebHarness.now + 60)
        try expectGolden(try await web.get("/archive"), "archive.html", status: 200)
        let issue = try await web.get("/archive/2026-11-27")
        try expectGolden(issue, "archived-issue.html", status: 200)
        #expect(!issue.text.contains("dee@example.com") && issue.text.contains("Hi there,") && !issue.text.contains("/unsubscribe/"))
        // A page, not a copy of an email: an invitation instead of a reader's footer.
        #expect(!issue.text.contains("You receive this email because"), "\(issue.text)")
        #expect(!issue.text.contains("Unsubscribe") && !issue.text.contains("Change how often") && !issue.text.contains("View in your browser"))
        #expect(!issue.text.contains("href=\"https://news.harborlightclinic.example/archive/2026-11-27\""))
        #expect(issue.text.contains(">Subscribe to Harbor Light Counseling</a> to get the next one by email"))
        #expect(issue.text.contains("If you are in crisis, call or text 988"))
        let atom = try await web.get("/archive/feed.xml")
        #expect(atom.header("Content-Type") == "application/atom+xml; charset=utf-8")
        try expectGolden(atom, "archive-feed.xml", status: 200)
        try expectGolden(try await web.get("/archive/1999-01-01"), "issue-not-found.html", status: 404)
    }

    @Test func anOversizedBodyIsRefused() async throws {
        let web = try WebHarness()
        let big = "email=a%40example.com&name=" + String(repeating: "x", count: 20_000)
        try expectGolden(try await web.post("/subscribe", form: big), "too-large.html", status: 413)
        #expect(try await web.store.subscribers.subscriber("a@example.com") == nil)
    }
}
