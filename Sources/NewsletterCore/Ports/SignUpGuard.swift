import Foundation

/// What keeps the public forms from being abused, across every server sharing the store:
/// sign-ups per client, one confirmation email an hour, one-use tokens.
public protocol SignUpGuard: Sendable {
    /// Counts one sign-up from `client` and says whether it is within `limit` per `window` seconds.
    func allowSignUp(client: String, limit: Int, window: TimeInterval, now: Date) async throws -> Bool
    /// Takes the right to send a confirmation email now: true (and recorded, with its line
    /// of the consent log) when none went within `interval`; false otherwise. Atomic, so two
    /// sign-ups at once on two servers send one email.
    func claimConfirmation(_ subscriber: Subscriber, interval: TimeInterval, now: Date) async throws -> Bool
    /// Records that a confirmation email went out (with its line of the consent log).
    func noteConfirmationSent(_ subscriber: Subscriber, now: Date) async throws
    /// Spends a one-use token; false when it was spent before.
    func spendToken(_ token: String, now: Date) async throws -> Bool
}
