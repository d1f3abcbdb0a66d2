import Foundation

/// An operator's or a reader's changes to one subscription that need no email: the rules
/// the CLI, the preferences page and the console share.
public struct ManageSubscription: Sendable {
    let store: any SubscriberDirectory & SubscriptionChanges

    public init(store: any SubscriberDirectory & SubscriptionChanges) {
        self.store = store
    }

    /// What a change of settings did.
    public enum PreferencesOutcome: Sendable, Equatable {
        /// Saved (what was already so changed nothing).
        case saved(Subscriber)
        /// The person is no longer on the list (unsubscribed, bounced, complained):
        /// settings change only for someone confirmed or pending.
        case notOnList(Subscriber)
    }

    /// Changes cadence, pause or name for someone still on the list, each change in the
    /// consent log; throws `StoreError.unknownSubscriber` for an unknown address.
    public func changePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext? = nil,
                                  now: Date) async throws -> PreferencesOutcome {
        guard let subscriber = try await store.subscriber(email) else { throw StoreError.unknownSubscriber(email) }
        guard subscriber.status.mayChangeSettings else { return .notOnList(subscriber) }
        return .saved(try await store.updatePreferences(email, change, source: source, context: context, now: now))
    }
}
