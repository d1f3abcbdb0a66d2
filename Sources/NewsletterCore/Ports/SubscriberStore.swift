import Foundation

/// The subscribers and their consent log: one method per intent. Every status change is
/// written with its line of the consent log in the same transaction. Adapters:
/// `SQLiteSubscriberStore`; every adapter passes the store conformance suite.
public protocol SubscriberStore: Sendable {
    /// The subscriber with this address (normalised first), if any.
    func subscriber(_ email: String) async throws -> Subscriber?
    /// The subscriber with this id (a VERP tag's), if any.
    func subscriber(id: Int64) async throws -> Subscriber?
    /// Applies what a bounce, complaint or mailed unsubscribe says, at most once per
    /// `change.key`, in one transaction with its line of the consent log, the soft-bounce
    /// count and the issue's delivery row.
    func applyReport(_ change: ReportChange, now: Date) async throws -> ReportChangeOutcome
    /// The consent log of one subscriber, oldest first.
    func events(of subscriber: Subscriber) async throws -> [ConsentEvent]
    /// Up to `limit` subscribers after `afterID` in id order, optionally of one status: the
    /// way to walk the list without holding it in memory.
    func page(status: SubscriberStatus?, afterID: Int64, limit: Int) async throws -> [Subscriber]
    /// How many subscribers have each status.
    func counts() async throws -> [SubscriberStatus: Int]

    /// Adds a subscriber, or records a new request from an existing one. A new address
    /// becomes `pending` (or `confirmed` when `confirmed`, for an operator's own list); an
    /// address that had opted out becomes `pending` again: only confirming anew confirms it.
    func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> AddOutcome
    /// The person's own confirmation: the only way back from an opt-out.
    @discardableResult
    func confirm(_ email: String, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber
    /// Unsubscribes, with the issue whose link was used (its own column of the consent log,
    /// and `issue:ID` in the line's detail); unsubscribing twice changes nothing.
    @discardableResult
    func unsubscribe(_ email: String, source: ChangeSource, context: ChangeContext?, issue: String?, now: Date) async throws -> Subscriber
    /// A hard bounce, with the server's reply as the reason.
    @discardableResult
    func markBounced(_ email: String, reply: String, now: Date) async throws -> Subscriber
    /// A spam complaint (a feedback-loop report).
    @discardableResult
    func markComplained(_ email: String, detail: String?, now: Date) async throws -> Subscriber
    /// Records that a confirmation email went out (for the once-an-hour rule).
    func noteConfirmationSent(_ subscriber: Subscriber, now: Date) async throws
    /// When the last confirmation email went to this subscriber.
    func lastConfirmationSent(_ subscriber: Subscriber) async throws -> Date?
    /// Takes the right to send a confirmation email now: true (and recorded, with its line
    /// of the consent log) when none went within `interval`; false otherwise. Atomic, so two
    /// sign-ups at once on two servers send one email.
    func claimConfirmation(_ subscriber: Subscriber, interval: TimeInterval, now: Date) async throws -> Bool
    /// Counts one sign-up from `client` and says whether it is within `limit` per `window`
    /// seconds, across every server sharing the store.
    func allowSignUp(client: String, limit: Int, window: TimeInterval, now: Date) async throws -> Bool
    /// Spends a one-use token; false when it was spent before.
    func spendToken(_ token: String, now: Date) async throws -> Bool
    /// Forgets a person: their row and consent log go; a salted hash of the address stays
    /// so that a later import does not add them back (GDPR Art. 17 with suppression).
    func erase(_ email: String, now: Date) async throws -> Bool
    /// Whether an address was erased and must not be imported again.
    func isSuppressed(_ email: String) async throws -> Bool
    /// The consent log's status changes per day (UTC), for the report's weeks.
    func statusChangesByDay() async throws -> [StatusChangeDay]
    /// Unsubscribes attributed to an issue (the consent log's issue column), by issue id.
    func unsubscribesByIssue() async throws -> [String: Int]
    /// A streaming import session (constant memory, committed in batches).
    func importer(confirmed: Bool, now: Date) async throws -> any SubscriberImporter
    /// Changes cadence, pause or name, each with its line of the consent log; what is
    /// already so changes (and logs) nothing. Throws `StoreError.unknownSubscriber` for an unknown address.
    @discardableResult
    func updatePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber
    /// Ends the pauses whose date has come (at `now`), each with a line of the consent log
    /// dated when it ended; returns how many ended.
    @discardableResult
    func endPauses(now: Date) async throws -> Int
}

extension SubscriberStore {
    public func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, now: Date) async throws -> AddOutcome {
        try await add(email, name: name, confirmed: confirmed, source: source, context: nil, now: now)
    }

    @discardableResult
    public func confirm(_ email: String, source: ChangeSource, now: Date) async throws -> Subscriber {
        try await confirm(email, source: source, context: nil, now: now)
    }

    @discardableResult
    public func unsubscribe(_ email: String, source: ChangeSource, now: Date) async throws -> Subscriber {
        try await unsubscribe(email, source: source, context: nil, issue: nil, now: now)
    }

    @discardableResult
    public func unsubscribe(_ email: String, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        try await unsubscribe(email, source: source, context: context, issue: nil, now: now)
    }

    /// Calls `body` for every subscriber (of `status`), in pages of `batchSize`.
    public func forEach(status: SubscriberStatus? = nil, batchSize: Int = 1000, _ body: (Subscriber) throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await page(status: status, afterID: after, limit: batchSize)
            for s in batch { try body(s) }
            guard let last = batch.last, batch.count == batchSize else { return }
            after = last.id
        }
    }
}
