import Crypto
import Foundation
import NewsletterCore
import NewsletterStore

/// Where the copies go.
public enum DeliverySink: Sendable {
    case smtp(SMTPSettings)
    case maildir(URL)
}

/// How a send behaves.
public struct SendOptions: Sendable {
    /// Connections (threads) sending at once.
    public var concurrency: Int = 4
    /// Messages per second across all connections; nil is as fast as the server takes them.
    public var rate: Double?
    /// At most this many messages in any hour; nil is no cap.
    public var hourlyCap: Int?
    /// The first retry of a deferred copy waits about this long; each further one twice as long.
    public var retryBase: Double = 60
    public var maxAttempts: Int = 8
    /// How long this run waits for deferred copies before leaving them to the next run.
    public var maxWait: Double = 300

    public init() {}
}

/// What a send did.
public struct SendSummary: Sendable, Equatable {
    public var sent = 0
    public var bounced = 0
    public var failed = 0
    /// Copies still deferred (4xx) when the run ended: the next run tries them again.
    public var deferred = 0
    /// Copies in flight when an earlier send was interrupted: maybe delivered, not resent.
    public var inFlight: [String] = []
    public var seconds = 0.0
}

/// Sends one issue to everyone queued for it, crash-safe: see `SendLedger`.
public final class SendRunner: @unchecked Sendable {
    let store: SQLiteSubscriberStore
    let sink: DeliverySink
    let options: SendOptions
    let identity: NewsletterIdentity
    let secret: SymmetricKey
    let signer: DKIMSigner?
    let envelopeSender: String
    let progress: (@Sendable (DeliveryCounts) -> Void)?
    private var lastProgress = Date.distantPast
    private let limiter: RateLimiter
    private let lock = NSLock()
    private var firstError: Error?
    private var counts = SendSummary()

    public init(store: SQLiteSubscriberStore, sink: DeliverySink, options: SendOptions, identity: NewsletterIdentity, secret: SymmetricKey,
                signer: DKIMSigner?, envelopeSender: String, progress: (@Sendable (DeliveryCounts) -> Void)? = nil) {
        self.store = store
        self.sink = sink
        self.options = options
        self.identity = identity
        self.secret = secret
        self.signer = signer
        self.envelopeSender = envelopeSender
        self.progress = progress
        self.limiter = RateLimiter(perSecond: options.rate, perHour: options.hourlyCap)
    }

    /// Sends `issue` until nothing is due, waiting up to `maxWait` for deferred copies.
    ///
    /// - Parameter recovered: told at once of the copies an interrupted send left in flight,
    ///   before anything is sent, so that a report survives even if this run is killed too.
    public func run(issue: IssueRecord, recovered: ([String]) -> Void = { _ in }) throws -> SendSummary {
        let started = Date()
        counts.inFlight = try store.recoverInterrupted(issueID: issue.id, now: Date())
        if !counts.inFlight.isEmpty { recovered(counts.inFlight) }
        let rendered = RenderedDigest(subject: issue.subject, html: PersonalizedText(rendered: issue.html), text: PersonalizedText(rendered: issue.text))
        let builder = DigestMessage(identity: identity, rendered: rendered)
        while true {
            // One thread per connection: libcurl blocks, so these stay off Swift's cooperative pool.
            let group = DispatchGroup()
            for number in 0..<max(1, options.concurrency) {
                group.enter()
                Thread { [self] in
                    worker(issue: issue, builder: builder, number: number)
                    group.leave()
                }.start()
            }
            group.wait()
            if let firstError { throw firstError }
            let state = try store.deliveryCounts(issueID: issue.id)
            progress?(state)
            guard state.queued > 0, let next = try store.nextRetry(issueID: issue.id) else { break }
            let wait = next.timeIntervalSinceNow
            if Date().timeIntervalSince(started) + wait > options.maxWait { break }
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        let state = try store.deliveryCounts(issueID: issue.id)
        if state.pending == 0 { try store.finishIssue(issue.id, now: Date()) }
        var summary = counts
        summary.deferred = state.queued
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    private func worker(issue: IssueRecord, builder: DigestMessage, number: Int) {
        do {
            var connection: CurlSMTPConnection?
            if case .smtp(let settings) = sink { connection = try CurlSMTPConnection(settings: settings) }
            let maildir: MaildirTransport? = if case .maildir(let url) = sink { MaildirTransport(directory: url) } else { nil }
            let journal = try SendJournal(store: store, issueID: issue.id, worker: number)
            while firstErrorIsNil {
                let items = try store.claimDeliveries(issueID: issue.id, limit: 20, now: Date())
                if items.isEmpty { break }
                var outcomes: [(subscriberID: Int64, email: String, outcome: SQLiteSubscriberStore.DeliveryOutcome)] = []
                outcomes.reserveCapacity(items.count)
                for item in items {
                    limiter.wait()
                    let token = SubscriberToken(purpose: .unsubscribe, email: item.email, expires: nil).signed(with: secret)
                    var bytes = builder.message(for: Recipient(email: item.email, name: item.name), token: token,
                                                envelope: .random(domain: identity.from.domain, date: Date()), preEncoded: true).render()
                    if let signer { bytes = try signer.sign(bytes, timestamp: Int(Date().timeIntervalSince1970)) }
                    let message = OutgoingMessage(sender: envelopeSender, recipients: [item.email], data: bytes)
                    try journal.starting(item.subscriberID)
                    let outcome: SQLiteSubscriberStore.DeliveryOutcome
                    do {
                        if let connection {
                            outcome = .sent(reply: try connection.send(message))
                        } else {
                            try maildir?.deliver(message)
                            outcome = .sent(reply: "250 written to the outbox")
                        }
                    } catch let error as SMTPError {
                        switch error {
                        case .permanent(_, let reply):
                            outcome = .bounced(reply: reply)
                        case .transient(_, let reply):
                            if item.attempts + 1 >= options.maxAttempts {
                                outcome = .failed(reply: reply)
                            } else {
                                let delay = min(3600, options.retryBase * pow(2, Double(item.attempts))) * Double.random(in: 0.75...1.25)
                                outcome = .deferred(reply: reply, retryAt: Date().addingTimeInterval(delay))
                            }
                        case .configuration:
                            try store.record(issueID: issue.id, outcomes: outcomes, now: Date())
                            try journal.clear()
                            throw error
                        }
                    }
                    try journal.finished(item.subscriberID, email: item.email, outcome: outcome)
                    outcomes.append((item.subscriberID, item.email, outcome))
                    tally(outcome)
                }
                try store.record(issueID: issue.id, outcomes: outcomes, now: Date())
                try journal.clear()
                try reportProgress(issueID: issue.id)
            }
            journal.remove()
        } catch {
            lock.lock()
            if firstError == nil { firstError = error }
            lock.unlock()
        }
    }

    /// Counting the ledger costs a query: at most five times a second, and only for a terminal.
    private func reportProgress(issueID: String) throws {
        guard let progress else { return }
        lock.lock()
        let due = Date().timeIntervalSince(lastProgress) > 0.2
        if due { lastProgress = Date() }
        lock.unlock()
        if due { progress(try store.deliveryCounts(issueID: issueID)) }
    }

    private var firstErrorIsNil: Bool {
        lock.lock()
        defer { lock.unlock() }
        return firstError == nil
    }

    private func tally(_ outcome: SQLiteSubscriberStore.DeliveryOutcome) {
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

/// A shared pace: at most `perSecond` messages a second and `perHour` in any hour-long
/// window that starts with its first message.
final class RateLimiter: @unchecked Sendable {
    private let interval: Double?
    private let perHour: Int?
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void
    private var next: Double?
    private var hourStart: Double?
    private var hourCount = 0
    private let lock = NSLock()

    init(perSecond: Double?, perHour: Int?, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
         sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        interval = perSecond.flatMap { $0 > 0 ? 1 / $0 : nil }
        self.perHour = perHour.flatMap { $0 > 0 ? $0 : nil }
        self.clock = clock
        self.sleep = sleep
    }

    /// Returns when the caller may send its next message.
    func wait() {
        guard interval != nil || perHour != nil else { return }
        lock.lock()
        let now = clock()
        var start = now
        if let perHour {
            if hourStart == nil || now - hourStart! >= 3600 { hourStart = now; hourCount = 0 }
            if hourCount >= perHour {
                start = hourStart! + 3600
                hourStart = start
                hourCount = 0
            }
            hourCount += 1
        }
        if let interval {
            start = max(next ?? start, start)
            next = start + interval
        }
        lock.unlock()
        if start > now { sleep(start - now) }
    }
}
