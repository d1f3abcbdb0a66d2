import Foundation

/// Sending an issue, the use case behind `newsletter send` (and the console): finish what a
/// killed send left, then compose the digest or the announcements `SendPlanner` picks,
/// check them, record them in the ledger (exactly once, even with another sender at the
/// same moment) and hand them to the executor. It says what happens through `Event`s and
/// leaves the wording to its caller.
public struct SendIssue: Sendable {
    /// What to send.
    public enum Mode: Sendable, Equatable {
        /// The digest of the posts since a date (or the last digest); `weekly`: at most one
        /// per ISO week.
        case digest(since: Date?, weekly: Bool)
        /// One post to every confirmed subscriber.
        case announce(SendPlanner.Choice)
        /// Each new post to the subscribers who want every post.
        case newPosts
        /// An announcement written in Markdown, to everyone confirmed or one cadence.
        case message(MarkdownMessage)
        /// Compose nothing: send the drafts editors approved (what `serve` does every minute
        /// under review), and note the ones that expired.
        case approved
        /// Compose nothing: help finish the issue another process is sending.
        case join
    }

    public struct Request: Sendable {
        public var mode: Mode
        /// Render and count, deliver nothing.
        public var dryRun = false
        /// Send one `[TEST]` copy here, with no ledger.
        public var testTo: String?
        /// `NEWSLETTER_REVIEW=required`: a weekly digest or a new post's announcement waits
        /// as a draft until an editor approves it.
        public var review = false
        /// A message's time: later than now, it is recorded to go out then.
        public var at: Date?
        /// Who records a scheduled message: `cli`, or a console user.
        public var by = "cli"

        public init(mode: Mode, dryRun: Bool = false, testTo: String? = nil, review: Bool = false, at: Date? = nil) {
            self.mode = mode
            self.dryRun = dryRun
            self.testTo = testTo
            self.review = review
            self.at = at
        }
    }

    /// What the use case needs from outside: the ledger, the feed, the composer, the
    /// checks and the executor.
    public struct Parts: Sendable {
        public var ledger: any IssueArchive & IssueQueueing & IssueDrafts & MessageSchedule
        /// Tells the editors a draft waits (emails them); returns who was told.
        public var notifyReviewers: @Sendable (IssueDraft, [Post]) async throws -> [String] = { _, _ in [] }
        /// Where the feed comes from, for sentences.
        public var feedName: String
        public var readFeed: @Sendable () async throws -> Feed
        /// The identity a new issue speaks for, from the feed and the settings.
        public var identity: @Sendable (Feed) -> NewsletterIdentity
        public var composer: @Sendable (NewsletterIdentity) throws -> IssueComposer
        /// The offline deliverability checks that fail on one copy of the issue.
        public var failingChecks: @Sendable (ComposedIssue) throws -> [CheckResult]
        /// Whether a failing check stops a send (SMTP without `--force`); a test copy never stops.
        public var checksStop: Bool
        /// The topics readers follow: a digest's copy holds only its reader's topics' posts
        /// (and the posts in none), an announcement goes to the post's topics' readers.
        public var topics: TopicCatalog = .none
        /// Delivers a recorded issue; `inFlight` is told at once of copies an interrupted send left.
        public var deliver: @Sendable (IssueRecord, ComposedIssue, _ inFlight: @escaping @Sendable ([String]) -> Void) async throws -> SendSummary
        /// Sends one test copy; returns where it went (for sentences).
        public var sendTest: @Sendable (ComposedIssue, EmailAddress) async throws -> String
        public var now: Date

        public init(ledger: any IssueArchive & IssueQueueing & IssueDrafts & MessageSchedule, feedName: String, readFeed: @escaping @Sendable () async throws -> Feed,
                    identity: @escaping @Sendable (Feed) -> NewsletterIdentity, composer: @escaping @Sendable (NewsletterIdentity) throws -> IssueComposer,
                    failingChecks: @escaping @Sendable (ComposedIssue) throws -> [CheckResult], checksStop: Bool,
                    deliver: @escaping @Sendable (IssueRecord, ComposedIssue, @escaping @Sendable ([String]) -> Void) async throws -> SendSummary,
                    sendTest: @escaping @Sendable (ComposedIssue, EmailAddress) async throws -> String, now: Date) {
            self.ledger = ledger
            self.feedName = feedName
            self.readFeed = readFeed
            self.identity = identity
            self.composer = composer
            self.failingChecks = failingChecks
            self.checksStop = checksStop
            self.deliver = deliver
            self.sendTest = sendTest
            self.now = now
        }
    }

    /// What happened, in order, for the caller to word.
    public enum Event: Sendable {
        case nothingToJoin
        case joining(IssueRecord)
        case resuming(IssueRecord)
        case weekDone(week: String, issueID: String)
        case noNewPosts
        case drafted(IssueDraft, notified: [String])
        case awaitingReview(IssueDraft)
        case draftExpired(IssueDraft)
        case draftDropped(IssueDraft)
        case approvedSent(IssueDraft)
        case scheduled(ScheduledMessage)
        case sendingScheduled(ScheduledMessage)
        case noNewPostToAnnounce
        case renderWarning(String)
        /// The feed could not be read for a message's sender name and links; the settings speak instead.
        case feedUnreadable(String)
        case checkFailed(CheckResult, stops: Bool)
        case testSent(subject: String, to: String, via: String)
        case dryRunDigest(subject: String, posts: Int, readers: Int)
        case dryRunAnnouncement(subject: String, readers: Int, audience: IssueAudience)
        case announcedAlready(title: String, audience: IssueAudience)
        /// Nobody is in the audience (a message to a cadence nobody chose).
        case noReaders(IssueAudience)
        case recordedElsewhere(issueID: String)
        case sentAlready(issueID: String)
        case sendingDigest(subject: String, issueID: String, posts: Int, copies: Int)
        case announcing(subject: String, issueID: String, copies: Int, audience: IssueAudience)
        case inFlight([String])
        case delivered(SendSummary)
    }

    /// Why a send stopped before delivering.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case stoppedByChecks(Int)
        case noPublishedPost(feed: String)
        case postNotInFeed(String, feed: String)

        public var description: String {
            switch self {
            case .stoppedByChecks(let n):
                "The send was stopped by \(n) failing deliverability check\(n == 1 ? "" : "s") (newsletter check lists them all); fix \(n == 1 ? "it" : "them"), or send anyway with --force."
            case .noPublishedPost(let feed):
                "The feed \(feed) has no published post to announce."
            case .postNotInFeed(let url, let feed):
                "The post \(url) is not in the feed \(feed); give a URL that newsletter posts lists, or use --latest."
            }
        }
    }

    public let parts: Parts
    let events: @Sendable (Event) -> Void

    public init(_ parts: Parts, events: @escaping @Sendable (Event) -> Void) {
        self.parts = parts
        self.events = events
    }

    private var ledger: any IssueArchive & IssueQueueing & IssueDrafts & MessageSchedule { parts.ledger }
    private var now: Date { parts.now }

    /// Runs the request; false when copies failed for good.
    public func run(_ request: Request) async throws -> Bool {
        if request.mode == .join {
            guard let unfinished = try await ledger.unfinishedIssue() else {
                events(.nothingToJoin)
                return true
            }
            events(.joining(unfinished))
            return try await deliver(unfinished, composed: try parts.composer(unfinished.identity).resume(unfinished))
        }
        var allDelivered = true
        // An issue a killed send left is finished first, whatever this run was asked.
        if !request.dryRun, request.testTo == nil, let resumed = try await ledger.unfinishedIssue() {
            events(.resuming(resumed))
            let composed = try parts.composer(resumed.identity).resume(resumed)
            try check(composed, warnOnly: false)
            allDelivered = try await deliver(resumed, composed: composed)
            if resumed.kind == .digest, case .digest = request.mode { return allDelivered }
        }
        // Messages whose time has come go out with any send.
        if !request.dryRun, request.testTo == nil {
            allDelivered = try await sendDueMessages(request) && allDelivered
        }
        switch request.mode {
        case .digest(let since, let weekly):
            return try await digest(since: since, weekly: weekly, request) && allDelivered
        case .announce(let choice):
            let feed = try await parts.readFeed()
            let post: Post
            do {
                post = try SendPlanner.announcement(choice, feed: feed, now: now)
            } catch .noPublishedPost {
                throw Failure.noPublishedPost(feed: parts.feedName)
            } catch .notInFeed(let url) {
                throw Failure.postNotInFeed(url, feed: parts.feedName)
            }
            return try await announce(post, to: .everyone, feed: feed, request) && allDelivered
        case .newPosts:
            let feed = try await parts.readFeed()
            let fresh = SendPlanner.newPosts(feed: feed, announced: try await ledger.announcedPostIDs(), now: now)
            guard !fresh.isEmpty else {
                events(.noNewPostToAnnounce)
                return allDelivered
            }
            for post in fresh {
                let audience = IssueAudience(cadence: .each, confirmedBy: post.date)
                if request.review, request.testTo == nil, !request.dryRun {
                    allDelivered = try await review(IssueDraft.postKey(post.id), kind: .announcement, posts: [post], subject: nil, feed: feed, request) && allDelivered
                    continue
                }
                allDelivered = try await announce(post, to: audience, feed: feed, request) && allDelivered
            }
            return allDelivered
        case .message(let message):
            if let at = request.at, at > now, !request.dryRun, request.testTo == nil {
                events(.scheduled(try await ledger.schedule(ScheduledMessage(message: message, at: at, created: now, by: request.by))))
                return allDelivered
            }
            let feed: Feed
            do {
                feed = try await parts.readFeed()
            } catch {
                events(.feedUnreadable(String(describing: error)))
                feed = Feed(format: .rss20, title: "", posts: [])
            }
            return try await announce(message.post(at: now), to: message.audience, feed: feed, request) && allDelivered
        case .approved:
            for draft in try await ledger.drafts(in: [.pending], limit: 100) where draft.state(at: now) == .expired {
                try await expire(draft)
            }
            for draft in try await ledger.drafts(in: [.approved], limit: 100).reversed() {
                allDelivered = try await sendApproved(draft, request) && allDelivered
            }
            return allDelivered
        case .join:
            return allDelivered
        }
    }

    /// The weekly digest to `weekly` subscribers.
    private func digest(since: Date?, weekly: Bool, _ request: Request) async throws -> Bool {
        let week = ISOWeek.string(now)
        if weekly, request.testTo == nil, !request.dryRun, let done = try await ledger.issue(inWeek: week) {
            events(.weekDone(week: week, issueID: done.id))
            return true
        }
        let feed = try await parts.readFeed()
        let lastDigest = try await ledger.issues().first { $0.kind == .digest }?.created
        let posts = SendPlanner.digestPosts(feed: feed, since: since, lastDigest: lastDigest, sent: try await ledger.sentPostIDs(), now: now)
        guard !posts.isEmpty else {
            events(.noNewPosts)
            return true
        }
        if request.review, weekly, request.testTo == nil, !request.dryRun {
            return try await review(IssueDraft.digestKey(week: week), kind: .digest, posts: posts, subject: nil, feed: feed, request)
        }
        return try await sendDigest(posts, feed: feed, week: week, weekly: weekly, request)
    }

    /// Composes, checks, records and delivers the digest of `posts`.
    private func sendDigest(_ posts: [Post], feed: Feed, week: String, weekly: Bool, _ request: Request) async throws -> Bool {
        let composer = try parts.composer(parts.identity(feed))
        let issueID = try await IssueID.next(for: now, in: ledger)
        let composed = composer.compose(issueID: issueID, date: now, posts: posts)
        for warning in composed.rendered.warnings { events(.renderWarning(warning)) }
        if let testTo = request.testTo { return try await sendTest(composed, to: testTo) }
        if request.dryRun {
            events(.dryRunDigest(subject: composed.subject, posts: posts.count, readers: try await ledger.audienceCount(.digest, now: now)))
            return true
        }
        try check(composed, warnOnly: false)
        // Readers who got some of these posts in announcements get a digest without them.
        let received = try await ledger.receivedPostSets(among: posts.map(\.id), audience: .digest, now: now)
        var record = IssueRecord(id: issueID, created: now, week: week, subject: composed.subject, html: composed.rendered.html.rendered,
                                 text: composed.rendered.text.rendered, postIDs: posts.map(\.id), identity: composer.identity, kind: .digest)
        record.postTopics = Dictionary(posts.compactMap { post in
            let keys = parts.topics.keys(of: post)
            return keys.isEmpty ? nil : (post.id, keys)
        }, uniquingKeysWith: { first, _ in first })
        // And each choice of topics leaves out the posts of the others: one rendering per
        // distinct set of posts left out.
        var omissions = Set(received)
        if !record.postTopics.isEmpty {
            for choice in try await ledger.topicChoices(.digest, now: now).keys.sorted() {
                let byTopics = record.omitted(forTopics: choice)
                for got in [Set<String>()] + received where !got.union(byTopics).isEmpty {
                    omissions.insert(got.union(byTopics))
                }
            }
        }
        let ordered = omissions.sorted { $0.sorted().joined() < $1.sorted().joined() }
        record.variants = composer.variants(issueID: issueID, date: now, posts: posts, omitting: ordered)
        record.onePerWeek = weekly
        guard let queued = try await createOrJoin(record, audience: .digest) else {
            // The issue that was there first: this id's, or (weekly) the week's digest.
            let first = try await ledger.issue(id: record.id) != nil ? record.id : (try await ledger.issue(inWeek: week)?.id ?? record.id)
            return try await joined(first)
        }
        events(.sendingDigest(subject: composed.subject, issueID: issueID, posts: posts.count, copies: queued))
        return try await deliver(record, composed: composer.resume(record))
    }

    /// Composes, checks, records and delivers one announcement.
    private func announce(_ post: Post, to audience: IssueAudience, feed: Feed, _ request: Request) async throws -> Bool {
        // A post in topics goes to the readers who follow one of them (or every topic).
        var audience = audience
        let keys = parts.topics.keys(of: post)
        if !keys.isEmpty { audience.topics = keys }
        let composer = try parts.composer(parts.identity(feed))
        let issueID = try await IssueID.next(for: now, in: ledger)
        let composed = composer.composeAnnouncement(issueID: issueID, date: now, post: post)
        for warning in composed.rendered.warnings { events(.renderWarning(warning)) }
        if let testTo = request.testTo { return try await sendTest(composed, to: testTo) }
        let waiting = try await ledger.audienceCount(audience, now: now, excludingReceiversOf: [post.id])
        if request.dryRun {
            events(.dryRunAnnouncement(subject: composed.subject, readers: waiting, audience: audience))
            return true
        }
        // Announced before, and everyone it is for has it: no empty issue.
        if waiting == 0, try await ledger.announcedPostIDs().contains(post.id) {
            events(.announcedAlready(title: post.title, audience: audience))
            return true
        }
        // A message nobody would get is not recorded as an issue.
        if waiting == 0, MarkdownMessage.isMessage(post) {
            events(.noReaders(audience))
            return true
        }
        try check(composed, warnOnly: false)
        let record = IssueRecord(id: issueID, created: now, week: ISOWeek.string(now), subject: composed.subject,
                                 html: composed.rendered.html.rendered, text: composed.rendered.text.rendered, postIDs: [post.id],
                                 identity: composer.identity, kind: .announcement)
        guard let queued = try await createOrJoin(record, audience: audience) else { return try await joined(record.id) }
        events(.announcing(subject: composed.subject, issueID: issueID, copies: queued, audience: audience))
        return try await deliver(record, composed: composer.resume(record))
    }

    // MARK: Scheduled messages

    private func sendDueMessages(_ request: Request) async throws -> Bool {
        var allDelivered = true
        for scheduled in try await ledger.scheduledMessages(dueBy: now, limit: 20) {
            events(.sendingScheduled(scheduled))
            let feed = (try? await parts.readFeed()) ?? Feed(format: .rss20, title: "", posts: [])
            let post = scheduled.message.post(at: now)
            var plain = request
            plain.review = false
            allDelivered = try await announce(post, to: scheduled.message.audience, feed: feed, plain) && allDelivered
            let issueID = try await ledger.issues().first { $0.postIDs.contains(post.id) }?.id
            _ = try await ledger.finishScheduled(id: scheduled.id, state: .sent, issueID: issueID)
        }
        return allDelivered
    }

    // MARK: Review

    /// Under review: the draft for `key` (made now, with the editors told), or what its
    /// state says to do (wait, note its expiry, send it once approved).
    private func review(_ key: String, kind: IssueKind, posts: [Post], subject: String?, feed: Feed, _ request: Request) async throws -> Bool {
        if let existing = try await ledger.draft(key: key) { return try await proceed(existing, request) }
        let composer = try parts.composer(parts.identity(feed))
        let title = kind == .digest ? composer.compose(issueID: IssueID.day(now), date: now, posts: posts).subject
            : composer.composeAnnouncement(issueID: IssueID.day(now), date: now, post: posts[0]).subject
        let draft = IssueDraft(key: key, kind: kind, week: ISOWeek.string(now), subject: subject ?? title, postIDs: posts.map(\.id),
                               titles: posts.map(\.title), created: now,
                               expires: now.addingTimeInterval(IssueDraft.lifetime))
        guard try await ledger.saveDraft(draft), let saved = try await ledger.draft(key: key) else {
            // Another run drafted it at the same moment.
            guard let other = try await ledger.draft(key: key) else { return true }
            return try await proceed(other, request)
        }
        events(.drafted(saved, notified: try await parts.notifyReviewers(saved, posts)))
        return true
    }

    private func proceed(_ draft: IssueDraft, _ request: Request) async throws -> Bool {
        switch draft.state(at: now) {
        case .pending: events(.awaitingReview(draft))
        case .expired: try await expire(draft)
        case .dropped: events(.draftDropped(draft))
        case .sent: events(.sentAlready(issueID: draft.issueID ?? draft.key))
        case .approved: return try await sendApproved(draft, request)
        }
        return true
    }

    private func expire(_ draft: IssueDraft) async throws {
        var expired = draft
        expired.state = .expired
        if draft.state == .pending { _ = try await ledger.updateDraft(expired, from: .pending) }
        events(.draftExpired(expired))
    }

    /// An approved draft with the posts the editor kept, through the ledger: a second
    /// sender at the same moment joins the same issue, so it goes out once.
    private func sendApproved(_ draft: IssueDraft, _ request: Request) async throws -> Bool {
        let feed = try await parts.readFeed()
        let posts = draft.kept.compactMap { id in feed.posts.first { $0.id == id } }
        var done = draft
        guard !posts.isEmpty else {
            done.state = .dropped
            done.decidedBy = done.decidedBy ?? "nobody: none of its posts is in the feed any more"
            _ = try await ledger.updateDraft(done, from: .approved)
            events(.draftDropped(done))
            return true
        }
        var plain = request
        plain.review = false
        let delivered: Bool
        switch draft.kind {
        case .digest:
            if let sent = try await ledger.issue(inWeek: draft.week) {
                done.issueID = sent.id
                delivered = sent.finished != nil ? true : try await joined(sent.id)
            } else {
                delivered = try await sendDigest(posts, feed: feed, week: draft.week, weekly: true, plain)
                done.issueID = try await ledger.issue(inWeek: draft.week)?.id
            }
        case .announcement:
            delivered = try await announce(posts[0], to: IssueAudience(cadence: .each, confirmedBy: posts[0].date), feed: feed, plain)
        }
        done.state = .sent
        if try await ledger.updateDraft(done, from: .approved) { events(.approvedSent(done)) }
        return delivered
    }

    /// Records the issue and queues its copies; nil when another sender on a shared store
    /// recorded it at the same moment (this one then joins it).
    private func createOrJoin(_ record: IssueRecord, audience: IssueAudience) async throws -> Int? {
        do {
            return try await ledger.createIssue(record, audience: audience, now: now)
        } catch LedgerError.issueExists(let id) {
            events(.recordedElsewhere(issueID: id))
            return nil
        }
    }

    /// Helps send an issue another process recorded.
    private func joined(_ id: String) async throws -> Bool {
        guard let issue = try await ledger.issue(id: id) else { return true }
        if issue.finished != nil {
            events(.sentAlready(issueID: id))
            return true
        }
        return try await deliver(issue, composed: try parts.composer(issue.identity).resume(issue))
    }

    private func deliver(_ issue: IssueRecord, composed: ComposedIssue) async throws -> Bool {
        let events = self.events
        let summary = try await parts.deliver(issue, composed) { inFlight in events(.inFlight(inFlight)) }
        events(.delivered(summary))
        return summary.failed == 0
    }

    /// The offline checks on one copy: a failure stops an SMTP send (unless forced); a test
    /// copy, or a send through the outbox, only warns.
    private func check(_ composed: ComposedIssue, warnOnly: Bool) throws {
        let failures = try parts.failingChecks(composed)
        guard !failures.isEmpty else { return }
        let stops = parts.checksStop && !warnOnly
        for failure in failures { events(.checkFailed(failure, stops: stops)) }
        if stops { throw Failure.stoppedByChecks(failures.count) }
    }

    private func sendTest(_ composed: ComposedIssue, to address: String) async throws -> Bool {
        try check(composed, warnOnly: true)
        guard let recipient = EmailAddress.parse(address) else { return true }
        let test = composed.withSubject("[TEST] " + composed.subject)
        let via = try await parts.sendTest(test, recipient)
        events(.testSent(subject: test.subject, to: recipient.address, via: via))
        return true
    }
}
