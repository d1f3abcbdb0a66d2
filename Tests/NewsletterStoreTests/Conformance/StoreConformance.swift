import Foundation
import NewsletterCore
import Testing

/// What every adapter of the store ports must do, written against the protocols alone so
/// that another adapter (PostgreSQL) runs the same checks: call each with fresh, empty ports.
enum StoreConformance {
    static let t = Date(timeIntervalSince1970: 1_795_900_000)

    /// A bounce or complaint as the inbox applies it.
    static func report(_ action: ReportAction, _ email: String, detail: String, store: any SubscriberStore, now: Date) async throws {
        let subscriber = try #require(try await store.subscriber(email))
        _ = try await store.applyReport(ReportChange(key: "\(action)-\(now.timeIntervalSince1970)", subscriberID: subscriber.id, issueID: nil,
                                                     action: action, detail: detail), now: now)
    }

    /// When the confirmation emails to `subscriber` went, as the consent log has them.
    static func confirmationsSent(_ subscriber: Subscriber, _ store: any SubscriberStore) async throws -> [Double] {
        try await store.events(of: subscriber).filter { $0.action == "confirmation-sent" }.map(\.at)
    }
    static let identity = NewsletterIdentity(name: "N", from: EmailAddress("n@example.com"), baseURL: "https://n.example", postalAddress: "P")

    static func subscriberLifecycle(_ store: any SubscriberStore) async throws {
        let added = try await store.add(" Ann@Example.COM ", name: "Ann\r\nBcc: x", confirmed: false, source: .web,
                                        context: ChangeContext(ip: "192.0.2.1", userAgent: "UA"), now: t)
        guard case .created(let ann) = added else { Issue.record("not created: \(added)"); return }
        #expect(ann.email == "Ann@example.com" && ann.name == "Ann Bcc: x" && ann.status == .pending)
        guard case .existing(_, .pending) = try await store.add("ANN@example.com", name: nil, confirmed: false, source: .cli, now: t) else {
            Issue.record("one address differing in case made a second row"); return
        }
        try await store.confirm("ann@example.com", source: .web, now: t + 1)
        try await store.unsubscribe("ann@example.com", source: .web, now: t + 2)
        try await store.unsubscribe("ann@example.com", source: .web, now: t + 3)
        // An opt-out comes back only as pending, even when added as confirmed.
        #expect(try await store.add("ann@example.com", name: nil, confirmed: true, source: .cli, now: t + 4).subscriber.status == .pending)
        try await store.confirm("ann@example.com", source: .web, now: t + 5)
        try await report(.bounced, "ann@example.com", detail: "550 5.1.1", store: store, now: t + 6)
        try await report(.complained, "ann@example.com", detail: "abuse", store: store, now: t + 7)
        let events = try await store.events(of: try #require(try await store.subscriber("ann@example.com")))
        #expect(events.map(\.action) == ["subscribe", "confirm", "unsubscribe", "resubscribe", "confirm", "bounce", "complaint"])
        #expect(events[0].ip == "192.0.2.1" && events[0].userAgent == "UA" && events[0].source == .web)
        #expect(events[5].detail == "550 5.1.1")
        await #expect(throws: StoreError.self) { try await store.add("not an address", name: nil, confirmed: false, source: .cli, now: t) }
        await #expect(throws: StoreError.unknownSubscriber("nobody@example.com")) { try await store.confirm("nobody@example.com", source: .cli, now: t) }
    }

    static func tokensConfirmationsAndErasure(_ store: any SubscriberStore) async throws {
        #expect(try await store.spendToken("tok", now: t))
        #expect(try await !store.spendToken("tok", now: t))
        let bo = try await store.add("bo@example.com", name: nil, confirmed: false, source: .web, now: t).subscriber
        #expect(try await confirmationsSent(bo, store).isEmpty)
        try await store.noteConfirmationSent(bo, now: t + 10)
        #expect(try await confirmationsSent(bo, store) == [t.timeIntervalSince1970 + 10])
        #expect(try await store.erase("bo@example.com", now: t))
        #expect(try await store.subscriber("bo@example.com") == nil)
        // An import leaves the erased address out.
        let importer = try await store.importer(confirmed: true, now: t)
        try await importer.add(ImportRow(line: 2, email: "bo@example.com", name: nil, attributes: [:]))
        try await importer.add(ImportRow(line: 3, email: "cy@example.com", name: "Cy", attributes: ["plan": "gold"]))
        try await importer.add(ImportRow(line: 4, email: "broken", name: nil, attributes: [:]))
        let report = try await importer.finish()
        #expect(report.added == 1 && report.suppressed == 1 && report.invalid.map(\.line) == [4])
        let cy = try #require(try await store.subscriber("cy@example.com"))
        #expect(cy.attributes == ["plan": "gold"])
        // The consent log of an imported row, and a change after it.
        try await store.unsubscribe("cy@example.com", source: .web, now: t + 20)
        let history = try await store.events(of: cy)
        #expect(history.map(\.action) == ["subscribe", "unsubscribe"])
        #expect(history[0].source == .import && history[0].newStatus == .confirmed && history[0].oldStatus == nil && history[0].at == t.timeIntervalSince1970)
        let day = { (changes: [StatusChangeDay]) in changes.filter { $0.old == nil && $0.new == .confirmed }.map(\.count).reduce(0, +) }
        let imported = day(try await store.statusChangesByDay())
        #expect(imported >= 1)
        // An erased import leaves nothing that counts it, and a new import of another
        // address after it gets a consent line of its own.
        #expect(try await store.erase("cy@example.com", now: t + 30))
        #expect(day(try await store.statusChangesByDay()) == imported - 1)
        let again = try await store.importer(confirmed: false, now: t + 40)
        try await again.add(ImportRow(line: 2, email: "di@example.com", name: nil, attributes: [:]))
        #expect(try await again.finish().added == 1)
        let di = try #require(try await store.subscriber("di@example.com"))
        #expect(try await store.events(of: di).map(\.newStatus) == [.pending])
        // Adding by hand is the person's own new request: it lifts the suppression.
        #expect(try await store.add("bo@example.com", name: nil, confirmed: false, source: .cli, now: t).subscriber.status == .pending)
        let third = try await store.importer(confirmed: true, now: t + 50)
        try await third.add(ImportRow(line: 2, email: "BO@example.com", name: nil, attributes: [:]))
        #expect(try await third.finish().suppressed == 0)
    }

    static func pagesAndCounts(_ store: any SubscriberStore) async throws {
        for i in 0..<9 { _ = try await store.add("p\(i)@example.com", name: nil, confirmed: i % 3 == 0, source: .cli, now: t) }
        var seen: [String] = []
        try await store.forEach(status: .confirmed, batchSize: 2) { seen.append($0.email) }
        #expect(seen == ["p0@example.com", "p3@example.com", "p6@example.com"])
        let counts = try await store.counts()
        #expect(counts[.confirmed] == 3 && counts[.pending] == 6)
        let first = try await store.page(status: nil, afterID: 0, limit: 4)
        let rest = try await store.page(status: nil, afterID: first.last!.id, limit: 100)
        #expect(first.count == 4 && rest.count == 5 && Set((first + rest).map(\.id)).count == 9)
    }

    static func issueLedger(_ store: any SubscriberStore, _ ledger: any IssueLedger) async throws {
        for i in 0..<5 { _ = try await store.add("r\(i)@example.com", name: "R\(i)", confirmed: true, source: .cli, now: t) }
        _ = try await store.add("pending@example.com", name: nil, confirmed: false, source: .cli, now: t)
        let issue = IssueRecord(id: "2026-11-27", created: t, week: "2026-W48", subject: "S", html: "<p>h</p>", text: "t", postIDs: ["a", "b"],
                                identity: identity)
        #expect(try await ledger.createIssue(issue) == 5)
        #expect(try await ledger.unfinishedIssue() == issue)
        // Clicks per issue and link, most clicked first (ties by URL); other issues apart.
        #expect(try await ledger.linkClicks(issueID: issue.id).isEmpty)
        for url in ["https://b.example/2", "https://a.example/1", "https://b.example/2", "https://B.example/2"] {
            try await ledger.recordClick(issueID: issue.id, url: url, now: t)
        }
        try await ledger.recordClick(issueID: "other", url: "https://a.example/1", now: t)
        #expect(try await ledger.linkClicks(issueID: issue.id) == [LinkClicks(url: "https://b.example/2", clicks: 2),
                                                                    LinkClicks(url: "https://B.example/2", clicks: 1),
                                                                    LinkClicks(url: "https://a.example/1", clicks: 1)])
        #expect(try await ledger.issue(inWeek: "2026-W48")?.id == issue.id)
        #expect(try await ledger.sentPostIDs() == ["a", "b"])
        let claimed = try await ledger.claimDeliveries(issueID: issue.id, limit: 4, now: t)
        #expect(claimed.count == 4)
        #expect(try await ledger.claimDeliveries(issueID: issue.id, limit: 4, now: t).count == 1, "a claimed copy is not claimed twice")
        try await ledger.record(issueID: issue.id, outcomes: [
            RecordedOutcome(subscriberID: claimed[0].subscriberID, email: claimed[0].email, outcome: .sent(reply: "250 ok"), messageID: "<m0@n.example>"),
            RecordedOutcome(subscriberID: claimed[1].subscriberID, email: claimed[1].email, outcome: .bounced(reply: "550 no")),
            RecordedOutcome(subscriberID: claimed[2].subscriberID, email: claimed[2].email, outcome: .deferred(reply: "451 later", retryAt: t + 60)),
        ], now: t)
        #expect(try await store.subscriber(claimed[1].email)?.status == .bounced)
        // Each copy's Message-ID finds it again, with or without angle brackets.
        let found = DeliveryReference(issueID: issue.id, subscriberID: claimed[0].subscriberID, email: claimed[0].email)
        #expect(try await ledger.delivery(messageID: "<m0@n.example>") == found)
        #expect(try await ledger.delivery(messageID: "m0@n.example") == found)
        #expect(try await ledger.delivery(messageID: "<other@n.example>") == nil)
        #expect(try await ledger.nextRetry(issueID: issue.id) == t + 60)
        // A crash: claimed[3] was in flight, the fifth copy claimed but not started.
        let inFlight = try await ledger.recoverInterrupted(issueID: issue.id, replay: JournalReplay(started: [claimed[3].subscriberID]), now: t)
        #expect(inFlight == [claimed[3].email])
        // A store several workers share leaves other claims until their lease runs out.
        if let leases = ledger as? any WorkerLeases { #expect(try await leases.reclaimExpired(issueID: issue.id, now: t + 100_000).isEmpty) }
        await #expect(throws: LedgerError.issueExists(issue.id)) { try await ledger.createIssue(issue) }
        // Another digest of that week, recorded by --weekly, is refused in favour of the first.
        var second = IssueRecord(id: "2026-11-28", created: t, week: "2026-W48", subject: "S2", html: "h", text: "t", postIDs: [], identity: identity)
        second.onePerWeek = true
        await #expect(throws: LedgerError.issueExists(issue.id)) { try await ledger.createIssue(second) }
        var counts = try await ledger.deliveryCounts(issueID: issue.id)
        #expect(counts.sent == 1 && counts.bounced == 1 && counts.unknown == 1 && counts.queued == 2 && counts.claimed == 0)
        // A replayed outcome of a row no longer claimed changes nothing.
        try await ledger.record(issueID: issue.id, outcomes: [
            RecordedOutcome(subscriberID: claimed[0].subscriberID, email: claimed[0].email, outcome: .bounced(reply: "550 late")),
        ], now: t)
        #expect(try await store.subscriber(claimed[0].email)?.status == .confirmed)
        #expect(try await ledger.claimDeliveries(issueID: issue.id, limit: 10, now: t).count == 1, "the deferred copy waits for its time")
        counts = try await ledger.deliveryCounts(issueID: issue.id)
        #expect(counts.claimed == 1 && counts.queued == 1)
        try await ledger.finishIssue(issue.id, now: t + 100)
        #expect(try await ledger.unfinishedIssue() == nil)
        #expect(try await ledger.issues().map(\.id) == [issue.id])
        #expect(try await ledger.issue(id: issue.id)?.finished == t + 100)
        #expect(try await ledger.issue(id: issue.id)?.identity == identity)
    }

    /// Cadence, pause and name, each logged once; a pause ends by itself at its date.
    static func preferencesAndPauses(_ store: any SubscriberStore) async throws {
        _ = try await store.add("pia@example.com", name: "Pia", confirmed: true, source: .cli, now: t)
        var pia = try await store.updatePreferences("PIA@example.com", PreferenceChange(cadence: .each, pause: .until(t + 86_400), name: "Pia\nQ"),
                                                     source: .web, context: ChangeContext(ip: "192.0.2.1", userAgent: "UA"), now: t)
        #expect(pia.cadence == .each && pia.pausedUntil == t + 86_400 && pia.name == "Pia Q" && pia.isPaused(at: t) && !pia.isPaused(at: t + 86_400))
        // The same again changes and logs nothing; a pause in the past is no pause.
        pia = try await store.updatePreferences("pia@example.com", PreferenceChange(cadence: .each, pause: .until(t + 86_400), name: "Pia Q"),
                                                source: .web, context: nil, now: t + 1)
        _ = try await store.updatePreferences("pia@example.com", PreferenceChange(pause: .until(t - 5)), source: .cli, context: nil, now: t + 2)
        var events = try await store.events(of: pia)
        #expect(events.map(\.action) == ["subscribe", "cadence", "pause", "name"])
        #expect(events[1].detail == "weekly → each" && events[1].ip == "192.0.2.1" && events[2].detail == "until \(UTCFormat.iso8601(t + 86_400))")
        #expect(try await store.endPauses(now: t + 86_399) == 0)
        #expect(try await store.endPauses(now: t + 90_000) == 1)
        #expect(try await store.endPauses(now: t + 90_000) == 0)
        pia = try #require(try await store.subscriber("pia@example.com"))
        events = try await store.events(of: pia)
        #expect(pia.pausedUntil == nil && events.last?.action == "pause-ended" && events.last?.source == .schedule && events.last?.at == (t + 86_400).timeIntervalSince1970)
        // Resume ends a pause early; resuming with no pause logs nothing.
        _ = try await store.updatePreferences("pia@example.com", PreferenceChange(pause: .until(t + 200_000)), source: .web, context: nil, now: t + 90_001)
        _ = try await store.updatePreferences("pia@example.com", PreferenceChange(pause: .resume), source: .web, context: nil, now: t + 90_002)
        _ = try await store.updatePreferences("pia@example.com", PreferenceChange(pause: .resume), source: .web, context: nil, now: t + 90_003)
        #expect(try await store.events(of: pia).suffix(2).map(\.action) == ["pause", "resume"])
        await #expect(throws: StoreError.self) {
            try await store.updatePreferences("nobody@example.com", PreferenceChange(cadence: .each), source: .cli, context: nil, now: t)
        }
    }

    /// Digests go to weekly readers not paused, without the posts each had in announcements;
    /// announcements go to their audience once per post.
    static func audiences(_ store: any SubscriberStore, _ ledger: any IssueLedger) async throws {
        for (name, cadence) in [("w", Cadence.weekly), ("e", .each), ("x", .each), ("p", .weekly)] {
            _ = try await store.add("\(name)@example.com", name: nil, confirmed: true, source: .cli, now: t)
            try await store.updatePreferences("\(name)@example.com", PreferenceChange(cadence: cadence), source: .cli, context: nil, now: t)
        }
        try await store.updatePreferences("p@example.com", PreferenceChange(pause: .until(t + 1000)), source: .cli, context: nil, now: t)
        _ = try await store.add("late@example.com", name: nil, confirmed: true, source: .cli, now: t + 50)
        try await store.updatePreferences("late@example.com", PreferenceChange(cadence: .each), source: .cli, context: nil, now: t + 50)
        func issue(_ id: String, _ posts: [String], kind: IssueKind, variants: [IssueVariant] = []) -> IssueRecord {
            IssueRecord(id: id, created: t + 100, week: "2026-W48", subject: id, html: "<p>\(id)</p>", text: id, postIDs: posts, identity: identity,
                        kind: kind, variants: variants)
        }
        // Post a to the `each` readers confirmed when it came out (late was not).
        let each = IssueAudience(cadence: .each, confirmedBy: t + 10)
        #expect(try await ledger.audienceCount(each, now: t + 100) == 2)
        #expect(try await ledger.createIssue(issue("ann-a", ["a"], kind: .announcement), audience: each, now: t + 100) == 2)
        #expect(try await ledger.announcedPostIDs() == ["a"])
        #expect(try await ledger.sentPostIDs().isEmpty)
        #expect(try await ledger.audienceCount(each, now: t + 100, excludingReceiversOf: ["a"]) == 0)
        #expect(try await ledger.issue(id: "ann-a")?.kind == .announcement)
        #expect(try await ledger.issue(inWeek: "2026-W48") == nil, "an announcement is not the week's digest")
        // x got a, then turned weekly; e stays each.
        try await store.updatePreferences("x@example.com", PreferenceChange(cadence: .weekly), source: .cli, context: nil, now: t + 200)
        #expect(try await ledger.receivedPostSets(among: ["a", "b"], audience: .digest, now: t + 300) == [["a"]])
        #expect(try await ledger.receivedPostSets(among: ["b"], audience: .digest, now: t + 300).isEmpty)
        let without = IssueVariant(number: 1, omitted: ["a"], subject: "only b", html: "<p>b</p>", text: "b")
        #expect(try await ledger.createIssue(issue("digest", ["a", "b"], kind: .digest, variants: [without]), audience: .digest, now: t + 300) == 2)
        let claimed = try await ledger.claimDeliveries(issueID: "digest", limit: 10, now: t + 300)
        #expect(Dictionary(uniqueKeysWithValues: claimed.map { ($0.email, $0.variant) }) == ["w@example.com": 0, "x@example.com": 1])
        #expect(try await ledger.issue(id: "digest")?.variants == [without])
        #expect(try await ledger.issue(inWeek: "2026-W48")?.id == "digest")
        // Once p's pause has ended, p is in the audience again (and its end is logged).
        #expect(try await ledger.audienceCount(.digest, now: t + 2000) == 3)
        let a2 = issue("digest-2", ["c"], kind: .digest)
        #expect(try await ledger.createIssue(a2, audience: .digest, now: t + 2000) == 3)
        #expect(try await store.subscriber("p@example.com")?.pausedUntil == nil)
        // To everyone: whoever had the post already is left out, and digests skip it.
        #expect(try await ledger.createIssue(issue("ann-a-all", ["a"], kind: .announcement), audience: .everyone, now: t + 3000) == 3, "w, p and late; e and x had it")
        #expect(try await ledger.audienceCount(.everyone, now: t + 3000, excludingReceiversOf: ["a"]) == 0)
        #expect(try await ledger.sentPostIDs().contains("a"))
        // A copy that bounced did not bring its post.
        let bounced = try await ledger.claimDeliveries(issueID: "ann-a-all", limit: 10, now: t + 3000).first { $0.email == "w@example.com" }!
        try await ledger.record(issueID: "ann-a-all", outcomes: [RecordedOutcome(subscriberID: bounced.subscriberID, email: bounced.email,
                                                                                 outcome: .failed(reply: "554 no"))], now: t + 3000)
        #expect(try await ledger.audienceCount(.everyone, now: t + 3000, excludingReceiversOf: ["a"]) == 1, "w does not have a")
    }

    /// The once-an-hour confirmation and the sign-up limit, claimed in the store.
    static func confirmationsAndSignUpLimits(_ store: any SubscriberStore) async throws {
        let ann = try await store.add("ann@example.com", name: nil, confirmed: false, source: .web, now: t).subscriber
        #expect(try await store.claimConfirmation(ann, interval: 3600, now: t))
        #expect(try await !store.claimConfirmation(ann, interval: 3600, now: t + 10))
        #expect(try await store.claimConfirmation(ann, interval: 3600, now: t + 3600))
        #expect(try await confirmationsSent(ann, store) == [t.timeIntervalSince1970, t.timeIntervalSince1970 + 3600])
        var allowed: [Bool] = []
        for i in 0..<4 { allowed.append(try await store.allowSignUp(client: "192.0.2.1", limit: 3, window: 600, now: t + Double(i))) }
        #expect(allowed == [true, true, true, false])
        #expect(try await store.allowSignUp(client: "192.0.2.2", limit: 3, window: 600, now: t))
        #expect(try await store.allowSignUp(client: "192.0.2.1", limit: 3, window: 600, now: t + 601), "the window slides")
    }

    static func reports(_ store: any SubscriberStore) async throws {
        let hard = try await store.add("hard@example.com", name: nil, confirmed: true, source: .cli, now: t).subscriber
        let soft = try await store.add("soft@example.com", name: nil, confirmed: true, source: .cli, now: t).subscriber
        let gone = try await store.add("gone@example.com", name: nil, confirmed: true, source: .cli, now: t).subscriber
        #expect(try await store.subscriber(id: hard.id)?.email == "hard@example.com")
        #expect(try await store.subscriber(id: 987_654) == nil)
        // A hard bounce, applied once: the same key again changes nothing.
        let bounce = ReportChange(key: "<r1@mx>|\(hard.id)", subscriberID: hard.id, issueID: "2026-11-27", action: .bounced, detail: "report <r1@mx>; 5.1.1")
        guard case .applied(.bounced, let bounced) = try await store.applyReport(bounce, now: t) else { Issue.record("not bounced"); return }
        #expect(bounced.status == .bounced)
        #expect(try await store.applyReport(bounce, now: t + 1) == .duplicate)
        let events = try await store.events(of: bounced)
        #expect(events.map(\.action) == ["subscribe", "bounce"] && events[1].detail == "report <r1@mx>; 5.1.1" && events[1].source == .inbox)
        // Soft bounces count per issue: the same issue twice counts once; the limit bounces.
        func softBounce(_ key: String, issue: String, at time: Date) async throws -> ReportChangeOutcome {
            try await store.applyReport(ReportChange(key: key, subscriberID: soft.id, issueID: issue, action: .softBounce, detail: "4.2.2", softLimit: 3), now: time)
        }
        guard case .applied(.softBounce, let once) = try await softBounce("a", issue: "i1", at: t) else { Issue.record("first soft bounce"); return }
        #expect(once.softBounces == 1)
        guard case .applied(.softBounce, let same) = try await softBounce("b", issue: "i1", at: t + 10) else { Issue.record("same issue"); return }
        #expect(same.softBounces == 1)
        // One 40 days later: the first has left the 30-day window.
        guard case .applied(.softBounce, let later) = try await softBounce("c", issue: "i2", at: t + 40 * 86_400) else { Issue.record("later"); return }
        #expect(later.softBounces == 1 && later.status == .confirmed)
        _ = try await softBounce("d", issue: "i3", at: t + 41 * 86_400)
        guard case .applied(.bounced, let limit) = try await softBounce("e", issue: "i4", at: t + 42 * 86_400) else { Issue.record("limit"); return }
        #expect(limit.status == .bounced && limit.softBounces == 3)
        #expect(try await store.subscriber("soft@example.com")?.softBounces == 3)
        // A complaint after an unsubscribe still marks the address complained; an
        // unsubscribe of a complained address changes nothing.
        try await store.unsubscribe("gone@example.com", source: .web, now: t)
        let complaint = ReportChange(key: "c1", subscriberID: gone.id, issueID: nil, action: .complained, detail: "abuse")
        guard case .applied(.complained, _) = try await store.applyReport(complaint, now: t + 1) else { Issue.record("complaint"); return }
        let late = ReportChange(key: "u1", subscriberID: gone.id, issueID: nil, action: .unsubscribed, detail: "mailed")
        guard case .applied(.none, let still) = try await store.applyReport(late, now: t + 2) else { Issue.record("unsubscribe after complaint"); return }
        #expect(still.status == .complained)
        #expect(try await store.applyReport(ReportChange(key: "x", subscriberID: 987_654, issueID: nil, action: .bounced, detail: ""), now: t) == .unknownSubscriber)
    }

    static func socialLedger(_ ledger: any SocialLedger) async throws {
        #expect(try await ledger.socialPost(network: "x", postID: "p") == nil)
        let record = SocialPostRecord(network: "x", postID: "p", postURL: "https://b.example/p", remoteID: "1", remoteURL: "https://x.example/1", posted: t)
        try await ledger.recordSocialPost(record)
        #expect(try await ledger.socialPost(network: "x", postID: "p") == record)
        var forced = record
        forced.remoteID = "2"
        try await ledger.recordSocialPost(forced)
        #expect(try await ledger.socialPost(network: "x", postID: "p")?.remoteID == "2")
        #expect(try await ledger.socialPost(network: "mastodon", postID: "p") == nil)
    }
}
