import Foundation
import Logging
import NewsletterCore

/// Sends one issue to everyone queued for it through a `MailTransport`, crash-safe: each
/// connection journals the copy whose SMTP transaction it starts and ends (`SendJournal`),
/// and the outcomes of a batch reach the ledger in one transaction.
public final class SendRunner: @unchecked Sendable {
    let ledger: any SendQueue
    /// The ledger's leases when several processes may send one issue (a shared store).
    let leases: (any WorkerLeases)?
    let transport: any MailTransport
    let journalDirectory: String
    let options: SendOptions
    let envelopeSender: EnvelopeSender
    let clock: @Sendable () -> Date
    let progress: (@Sendable (DeliveryCounts) -> Void)?
    let logger: Logger
    private let limiter: RateLimiter
    private let lock = NSLock()
    private var lastProgress = DispatchTime(uptimeNanoseconds: 0)
    private var stopped = false
    private var counts = SendSummary()

    /// - Parameters:
    ///   - journalDirectory: where each connection's journal lives (beside the store).
    ///   - envelopeSender: each copy's `MAIL FROM`, with a VERP tag when bounces go to a bounce address.
    ///   - clock: the time written to the ledger and the messages (`NEWSLETTER_NOW` in tests).
    public init(ledger: any SendQueue, transport: any MailTransport, journalDirectory: String, options: SendOptions, envelopeSender: EnvelopeSender,
                clock: @escaping @Sendable () -> Date = Date.init, progress: (@Sendable (DeliveryCounts) -> Void)? = nil,
                logger: Logger = Logger(label: "newsletter.send")) {
        self.logger = logger
        self.ledger = ledger
        leases = ledger as? any WorkerLeases
        self.transport = transport
        self.journalDirectory = journalDirectory
        self.options = options
        self.envelopeSender = envelopeSender
        self.clock = clock
        self.progress = progress
        limiter = RateLimiter(perSecond: options.rate, perHour: options.hourlyCap)
    }

    /// Sends `issue` (composed as `composed`) until nothing is due, waiting up to `maxWait`
    /// for deferred copies.
    ///
    /// - Parameter recovered: told at once of the copies an interrupted send left in flight,
    ///   before anything is sent, so that a report survives even if this run is killed too.
    public func run(issue: IssueRecord, composed: ComposedIssue, recovered: ([String]) -> Void = { _ in }) async throws -> SendSummary {
        let started = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
        counts.inFlight = try await SendJournal.recover(issueID: issue.id, directory: journalDirectory, ledger: ledger, now: clock())
        if let leases { counts.inFlight += try await leases.reclaimExpired(issueID: issue.id, now: clock()) }
        if !counts.inFlight.isEmpty {
            logger.notice("An interrupted send left copies in flight; they are reported, not sent again", metadata: ["issue": "\(issue.id)", "copies": "\(counts.inFlight.count)"])
            recovered(counts.inFlight)
        }
        while !options.stopRequested() {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<max(1, min(options.concurrency, transport.connections)) {
                    // On the connection's own thread where the transport has one: composing,
                    // signing and the blocking SMTP exchange then run without a thread hop.
                    group.addTask(executorPreference: (transport as? any WorkerThreads)?.executor(forWorker: number)) {
                        try await self.worker(issue: issue, composed: composed, number: number)
                    }
                }
                try await group.waitForAll()
            }
            var state = try await ledger.deliveryCounts(issueID: issue.id)
            progress?(state)
            // Copies other workers hold: wait for them to finish, or for a dead worker's
            // lease to run out and its copies to come back to the queue.
            if let leases, state.queued == 0, state.claimed + state.sending > 0 {
                try await Task.sleep(nanoseconds: 500_000_000)
                let lost = try await leases.reclaimExpired(issueID: issue.id, now: clock())
                if !lost.isEmpty {
                    lock.withLock { counts.inFlight += lost }
                    recovered(lost)
                }
                state = try await ledger.deliveryCounts(issueID: issue.id)
                if state.queued > 0 || state.claimed + state.sending > 0 { continue }
            }
            guard state.queued > 0, let next = try await ledger.nextRetry(issueID: issue.id) else { break }
            let wait = next.timeIntervalSince(clock())
            if elapsed() + wait > options.maxWait || options.stopRequested() { break }
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
        }
        let state = try await ledger.deliveryCounts(issueID: issue.id)
        if state.pending == 0 { try await ledger.finishIssue(issue.id, now: clock()) }
        var summary = counts
        summary.deferred = state.queued
        summary.seconds = elapsed()
        return summary
    }

    private func worker(issue: IssueRecord, composed: ComposedIssue, number: Int) async throws {
        do {
            let journal = try SendJournal(directory: journalDirectory, issueID: issue.id, worker: number)
            while !isStopped, !options.stopRequested() {
                let limit = leases == nil ? options.batchSize : options.sharedBatchSize
                let items = try await ledger.claimDeliveries(issueID: issue.id, limit: limit, now: clock())
                if items.isEmpty { break }
                var outcomes: [RecordedOutcome] = []
                outcomes.reserveCapacity(items.count)
                for item in items {
                    // Told to stop: what was sent is recorded below; the copies claimed and
                    // not started go back to the queue (never in flight, never unknown).
                    if options.stopRequested() { break }
                    let delay = limiter.reserve()
                    if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
                    let (bytes, messageID) = try composed.variant(item.variant).copy(for: Recipient(email: item.email, name: item.name), date: clock())
                    let sender = envelopeSender.address(subscriberID: item.subscriberID, issueID: issue.id)
                    // A shared store marks the start itself; a claim lost to another worker is skipped.
                    if let leases, !(try await leases.startCopy(issueID: issue.id, subscriberID: item.subscriberID, now: clock())) { continue }
                    try journal.starting(item.subscriberID)
                    let outcome: DeliveryOutcome
                    do {
                        outcome = .sent(reply: try await transport.send(OutgoingMessage(sender: sender, recipients: [item.email], data: bytes)))
                    } catch let error as SMTPError {
                        switch error {
                        case .permanent(_, let reply):
                            outcome = .bounced(reply: reply)
                        case .transient(_, let reply):
                            if item.attempts + 1 >= options.maxAttempts {
                                outcome = .failed(reply: reply)
                            } else {
                                let delay = min(3600, options.retryBase * pow(2, Double(item.attempts))) * Double.random(in: 0.75...1.25)
                                outcome = .deferred(reply: reply, retryAt: clock().addingTimeInterval(delay))
                            }
                        case .configuration:
                            logger.notice("The mail server refused the configuration; the send stops", metadata: ["issue": "\(issue.id)", "error": "\(error)"])
                            try await ledger.record(issueID: issue.id, outcomes: outcomes, now: clock())
                            try journal.clear()
                            throw error
                        }
                    } catch let error as any UndeliveredError {
                        logger.notice("A copy could not be handed over; the send stops", metadata: ["issue": "\(issue.id)", "error": "\(error.description)"])
                        // Not delivered: the copy goes back to the queue (on a shared store too,
                        // where its start is already marked), the rest is recorded, and the send stops.
                        outcomes.append(RecordedOutcome(subscriberID: item.subscriberID, email: item.email,
                                                        outcome: .deferred(reply: error.description, retryAt: clock()), messageID: nil))
                        try await ledger.record(issueID: issue.id, outcomes: outcomes, now: clock())
                        try journal.clear()
                        throw error
                    }
                    log(outcome, issueID: issue.id, attempt: item.attempts + 1)
                    try journal.finished(item.subscriberID, email: item.email, outcome: outcome, messageID: messageID)
                    outcomes.append(RecordedOutcome(subscriberID: item.subscriberID, email: item.email, outcome: outcome, messageID: messageID))
                    tally(outcome)
                }
                try await ledger.record(issueID: issue.id, outcomes: outcomes, now: clock())
                try journal.clear()
                try await reportProgress(issueID: issue.id)
            }
            journal.remove()
        } catch {
            stop()
            throw error
        }
    }

    /// Counting the ledger costs a query: at most five times a second, and only for a terminal.
    private func reportProgress(issueID: String) async throws {
        guard let progress else { return }
        let now = DispatchTime.now()
        let due = lock.withLock {
            let due = now.uptimeNanoseconds - lastProgress.uptimeNanoseconds > 200_000_000
            if due { lastProgress = now }
            return due
        }
        if due { progress(try await ledger.deliveryCounts(issueID: issueID)) }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Each copy's outcome, below the default level (the summary and the CLI say what matters);
    /// `--log-level info` shows them. The address is left out (logs outlive erasures), though a
    /// server's reply may quote it.
    private func log(_ outcome: DeliveryOutcome, issueID: String, attempt: Int) {
        switch outcome {
        case .sent: logger.debug("Copy accepted", metadata: ["issue": "\(issueID)"])
        case .bounced(let reply): logger.info("Copy refused for good (5xx); the address is marked bounced", metadata: ["issue": "\(issueID)", "reply": "\(reply)"])
        case .deferred(let reply, let retryAt): logger.info("Copy deferred (4xx)", metadata: ["issue": "\(issueID)", "attempt": "\(attempt)", "retry_at": "\(retryAt)", "reply": "\(reply)"])
        case .failed(let reply): logger.notice("Copy given up after its last attempt", metadata: ["issue": "\(issueID)", "attempt": "\(attempt)", "reply": "\(reply)"])
        }
    }

    private func tally(_ outcome: DeliveryOutcome) {
        lock.lock()
        defer { lock.unlock() }
        switch outcome {
        case .sent: counts.sent += 1
        case .bounced: counts.bounced += 1
        case .failed: counts.failed += 1
        case .deferred: break
        }
    }
}
