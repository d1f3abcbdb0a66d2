import Foundation

/// The send ledger: an issue row and one delivery row per subscriber with its state
/// (queued → claimed → sent, failed or bounced; `unknown` for copies whose fate a crash
/// hid). Outcomes reach it once per batch. Adapters: `SQLiteIssueLedger`.
public protocol IssueLedger: Sendable {
    /// The issue still being sent, if a send stopped half-way.
    func unfinishedIssue() async throws -> IssueRecord?
    /// The issue sent in an ISO week, if any.
    func issue(inWeek week: String) async throws -> IssueRecord?
    func issue(id: String) async throws -> IssueRecord?
    /// Every issue, newest first (the archive).
    func issues() async throws -> [IssueRecord]
    /// The ids of posts that went into a digest already.
    func sentPostIDs() async throws -> Set<String>
    /// Records an issue, queues it for every confirmed subscriber and marks its posts sent,
    /// in one transaction. Returns how many copies were queued.
    func createIssue(_ issue: IssueRecord) async throws -> Int
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
}
