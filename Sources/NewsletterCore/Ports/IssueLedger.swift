import Foundation

/// The send ledger: an issue row and one delivery row per subscriber with its state
/// (queued → claimed → sent, failed or bounced; `unknown` for copies whose fate a crash
/// hid). Outcomes reach it once per batch. Adapters: `SQLiteIssueLedger`.
public protocol IssueLedger: Sendable {
    /// The issue still being sent, if a send stopped half-way.
    func unfinishedIssue() async throws -> IssueRecord?
    /// The digest sent in an ISO week, if any (announcements do not count).
    func issue(inWeek week: String) async throws -> IssueRecord?
    func issue(id: String) async throws -> IssueRecord?
    /// Every issue, newest first (the archive).
    func issues() async throws -> [IssueRecord]
    /// The ids of posts that went into a digest already, or to everyone in an announcement.
    func sentPostIDs() async throws -> Set<String>
    /// The ids of posts announced already (`send --post` or `--new-posts`).
    func announcedPostIDs() async throws -> Set<String>
    /// For a digest of `postIDs`: the distinct non-empty sets of those posts that members
    /// of `audience` already received in announcements (each needs its own rendering).
    func receivedPostSets(among postIDs: [String], audience: IssueAudience, now: Date) async throws -> [Set<String>]
    /// How many subscribers `audience` holds at `now`, leaving out those who received any
    /// of `postIDs` in an announcement.
    func audienceCount(_ audience: IssueAudience, now: Date, excludingReceiversOf postIDs: [String]) async throws -> Int
    /// Records an issue and queues it for `audience`, in one transaction: pauses that ended
    /// are closed first; a digest's subscriber gets the variant without the posts they
    /// already received (none at all when that is every post); an announcement skips whoever
    /// received its post before. A digest's posts, and an announcement to everyone's, are
    /// marked sent; an announcement's post is marked announced. Returns the copies queued.
    func createIssue(_ issue: IssueRecord, audience: IssueAudience, now: Date) async throws -> Int
    /// After a crash: the replayed journals' finished copies get their outcomes; copies
    /// they show started and not finished become `unknown` (maybe delivered, not sent
    /// again) and are returned by address; the rest of the claimed copies go back to the queue.
    func recoverInterrupted(issueID: String, replay: JournalReplay, now: Date) async throws -> [String]
    /// Claims up to `limit` queued copies that are due.
    func claimDeliveries(issueID: String, limit: Int, now: Date) async throws -> [DeliveryItem]
    /// Records outcomes of claimed copies in one transaction; a bounce also marks the
    /// subscriber `bounced` with the reply.
    func record(issueID: String, outcomes: [RecordedOutcome], now: Date) async throws
    func deliveryCounts(issueID: String) async throws -> DeliveryCounts
    /// When the earliest deferred copy is due again.
    func nextRetry(issueID: String) async throws -> Date?
    func finishIssue(_ id: String, now: Date) async throws
    /// The copy that went out with this Message-ID (angle brackets optional), if any.
    func delivery(messageID: String) async throws -> DeliveryReference?

    /// What an issue's copies did (unsubscribes are counted by the subscriber store).
    func stats(issueID: String) async throws -> IssueStats
    /// Click tracking: one more click on `url` (the signed target) in `issueID`.
    func recordClick(issueID: String, url: String, now: Date) async throws
    /// The links of an issue that were followed, most clicked first.
    func linkClicks(issueID: String) async throws -> [LinkClicks]

    // Several workers on one issue (defaults below: a store one machine owns).
    var sharedByWorkers: Bool { get }
    func startCopy(issueID: String, subscriberID: Int64, now: Date) async throws -> Bool
    func reclaimExpired(issueID: String, now: Date) async throws -> [String]
}

extension IssueLedger {
    /// True when several processes (on several machines) may send one issue at once: each
    /// copy is then marked in the store as its SMTP transaction starts, claims carry a lease,
    /// and a dead worker's claims come back when the lease runs out. False for a store one
    /// machine owns (SQLite), where the send lock and the local journals do that work.
    public var sharedByWorkers: Bool { false }

    /// Marks a claimed copy as started, just before its SMTP transaction; false when the
    /// claim was lost (its lease ran out and another worker took the copy): then it must
    /// not be sent. Also renews the lease of the worker's other claimed copies.
    public func startCopy(issueID: String, subscriberID: Int64, now: Date) async throws -> Bool { true }

    /// Returns the copies of workers whose lease ran out: claimed copies go back to the
    /// queue; copies they had started become `unknown` (maybe delivered, not sent again) and
    /// are returned by address.
    public func reclaimExpired(issueID: String, now: Date) async throws -> [String] { [] }

    /// How many subscribers `audience` holds at `now` (for a dry run).
    public func audienceCount(_ audience: IssueAudience, now: Date) async throws -> Int {
        try await audienceCount(audience, now: now, excludingReceiversOf: [])
    }

    /// Queues `issue` for every confirmed subscriber who is not paused.
    public func createIssue(_ issue: IssueRecord) async throws -> Int {
        try await createIssue(issue, audience: .everyone, now: issue.created)
    }
}
