import Foundation

/// The copies of one issue on their way out: claimed in batches, their outcomes recorded
/// once per batch.
public protocol SendQueue: Sendable {
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
}

/// A send queue several processes (on several machines) may work at once: each copy is
/// marked in the store as its SMTP transaction starts, claims carry a lease, and a dead
/// worker's claims come back when the lease runs out. A store one machine owns (SQLite)
/// is not one: the send lock and the local journals do that work there.
public protocol WorkerLeases: Sendable {
    /// Marks a claimed copy as started, just before its SMTP transaction; false when the
    /// claim was lost (its lease ran out and another worker took the copy): then it must
    /// not be sent. Also renews the lease of the worker's other claimed copies.
    func startCopy(issueID: String, subscriberID: Int64, now: Date) async throws -> Bool
    /// Returns the copies of workers whose lease ran out: claimed copies go back to the
    /// queue; copies they had started become `unknown` (maybe delivered, not sent again) and
    /// are returned by address.
    func reclaimExpired(issueID: String, now: Date) async throws -> [String]
}
