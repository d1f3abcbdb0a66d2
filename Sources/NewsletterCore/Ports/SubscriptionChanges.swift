import Foundation

/// A person's own changes and an operator's: each status change is decided by
/// `SubscriberStatus`'s rules and written with its line of the consent log in one transaction.
public protocol SubscriptionChanges: Sendable {
    /// Adds a subscriber, or records a new request from an existing one. A new address
    /// becomes `pending` (or `confirmed` when `confirmed`, for an operator's own list); an
    /// address that had opted out becomes `pending` again: only confirming anew confirms it.
    /// Adding by hand lifts an erased address's suppression (it is the person's new request).
    func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> AddOutcome
    /// The person's own confirmation: the only way back from an opt-out.
    @discardableResult
    func confirm(_ email: String, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber
    /// Unsubscribes, with the issue whose link was used (the consent log's issue column);
    /// unsubscribing twice changes nothing.
    @discardableResult
    func unsubscribe(_ email: String, source: ChangeSource, context: ChangeContext?, issue: String?, now: Date) async throws -> Subscriber
    /// Changes cadence, pause or name, each with its line of the consent log; what is
    /// already so changes (and logs) nothing. Throws `StoreError.unknownSubscriber` for an unknown address.
    @discardableResult
    func updatePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber
    /// Ends the pauses whose date has come (at `now`), each with a line of the consent log
    /// dated when it ended; returns how many ended.
    @discardableResult
    func endPauses(now: Date) async throws -> Int
    /// Forgets a person: their row and consent log go; a salted hash of the address stays
    /// so that a later import does not add them back (GDPR Art. 17 with suppression).
    func erase(_ email: String, now: Date) async throws -> Bool
}

extension SubscriptionChanges {
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
}
