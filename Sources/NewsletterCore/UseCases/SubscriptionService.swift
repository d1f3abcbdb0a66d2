import Foundation

/// The subscription use cases, written once for `newsletter subscribers …` and `newsletter
/// serve`: sign-up with the confirmation email, confirmation with the welcome email,
/// unsubscribing and erasure, over the store port and the mailer.
public struct SubscriptionService: Sendable {
    let store: any SubscriberStore
    let mailer: TransactionalMailer
    /// At most one confirmation email per address in this many seconds (the web's rule).
    public var confirmationInterval: Double

    public init(store: any SubscriberStore, mailer: TransactionalMailer, confirmationInterval: Double = 3600) {
        self.store = store
        self.mailer = mailer
        self.confirmationInterval = confirmationInterval
    }

    /// What a sign-up did, and whether a confirmation email is due.
    public struct SignUp: Sendable, Equatable {
        public var outcome: AddOutcome
        /// The person is pending and may be sent a confirmation email now.
        public var confirmationDue: Bool
        /// The confirmation's sending is recorded already (a limited sign-up claimed it).
        public var claimed: Bool = false

        public var subscriber: Subscriber { outcome.subscriber }
    }

    /// Adds the address (or notes a new request from it). A confirmation is due for anyone
    /// left pending, at most once per `confirmationInterval` when `limitConfirmations`.
    ///
    /// - Parameter cadence: the person's choice; it is taken for a new or still pending
    ///   address only (a sign-up form cannot change a confirmed subscriber's settings).
    public func signUp(_ email: String, name: String?, confirmed: Bool, cadence: Cadence? = nil, topics: [String]? = nil, source: ChangeSource,
                       context: ChangeContext? = nil, limitConfirmations: Bool, now: Date) async throws -> SignUp {
        var outcome = try await store.add(email, name: name, confirmed: confirmed, source: source, context: context, now: now)
        var change = PreferenceChange()
        if let cadence, cadence != outcome.subscriber.cadence { change.cadence = cadence }
        if let topics, topics.sorted() != outcome.subscriber.topics { change.topics = topics }
        if !change.isEmpty {
            switch outcome {
            case .created:
                outcome = .created(try await store.updatePreferences(email, change, source: source, context: context, now: now))
            case .existing(let s, let previous) where s.status == .pending || (confirmed && previous != .confirmed):
                outcome = .existing(try await store.updatePreferences(email, change, source: source, context: context, now: now),
                                    previous: previous)
            case .existing:
                break
            }
        }
        let subscriber = outcome.subscriber
        guard subscriber.status == .pending else { return SignUp(outcome: outcome, confirmationDue: false) }
        // Limited, the right to send is taken (and recorded) here, once for all servers: one
        // confirmation per mailbox per interval, however the address is spelled (+tags, dots).
        var due = true
        if limitConfirmations {
            due = try await store.allowSignUp(client: "mailbox " + MailboxKey.canonical(subscriber.email), limit: 1, window: confirmationInterval, now: now)
            if due { due = try await store.claimConfirmation(subscriber, interval: confirmationInterval, now: now) }
        }
        return SignUp(outcome: outcome, confirmationDue: due, claimed: limitConfirmations)
    }

    /// Sends the confirmation email and records that it went (unless `signUp` recorded it
    /// when it claimed the send).
    public func sendConfirmation(to subscriber: Subscriber, now: Date, recorded: Bool = false) async throws {
        try await mailer.sendConfirmation(to: subscriber, now: now)
        if !recorded { try await store.noteConfirmationSent(subscriber, now: now) }
    }

    /// Why a confirmation link was refused.
    public enum ConfirmationError: Error, Equatable, CustomStringConvertible {
        /// Forged, malformed, expired or for another purpose.
        case token(SubscriberToken.Failure)
        /// Valid, but nobody has the address now (erased).
        case unknownSubscriber(String)
        /// Valid, and spent before.
        case alreadyUsed

        public var description: String {
            switch self {
            case .token(let failure): failure.description
            case .unknownSubscriber(let email): StoreError.unknownSubscriber(email).description
            case .alreadyUsed: "The link has already been used."
            }
        }
    }

    /// Confirms the holder of a confirm token (one use, 7 days); changes nothing when refused.
    public func confirm(token: String, source: ChangeSource, context: ChangeContext? = nil, now: Date) async throws -> Subscriber {
        let claim: SubscriberToken
        do {
            claim = try SubscriberToken.verify(token, purpose: .confirm, secret: mailer.secret, now: now)
        } catch {
            throw ConfirmationError.token(error)
        }
        guard try await store.subscriber(claim.email) != nil else { throw ConfirmationError.unknownSubscriber(claim.email) }
        guard try await store.spendToken(token, now: now) else { throw ConfirmationError.alreadyUsed }
        return try await store.confirm(claim.email, source: source, context: context, now: now)
    }

    /// What a confirm token would do, changing nothing: for the page that shows the button.
    public enum ConfirmationState: Sendable, Equatable {
        case valid, expired, used, invalid
    }

    /// Whether `token` would confirm someone now (signature, purpose, expiry, a subscriber
    /// who is not confirmed already); spends nothing.
    public func confirmationState(token: String, now: Date) async throws -> ConfirmationState {
        let claim: SubscriberToken
        do {
            claim = try SubscriberToken.verify(token, purpose: .confirm, secret: mailer.secret, now: now)
        } catch {
            return error == .expired ? .expired : .invalid
        }
        guard let subscriber = try await store.subscriber(claim.email) else { return .invalid }
        return subscriber.status == .confirmed ? .used : .valid
    }

    /// Sends the welcome email after a confirmation.
    public func sendWelcome(to subscriber: Subscriber, now: Date) async throws {
        try await mailer.sendWelcome(to: subscriber, now: now)
    }

    /// The address an unsubscribe token names; nil when it is not a valid one.
    public func unsubscribeClaim(_ token: String, now: Date) -> String? {
        try? unsubscribeAddress(token, now: now)
    }

    /// The address a preferences token names, or nil for a forged, malformed or other token.
    public func preferencesClaim(_ token: String, now: Date) -> String? {
        try? SubscriberToken.verify(token, purpose: .preferences, secret: mailer.secret, now: now).email
    }

    /// The issue an unsubscribe link names (`?issue=ID&t=TAG`), when its tag is this
    /// address's for that issue; nil otherwise (the unsubscribe still counts, unattributed).
    public func attributedIssue(_ issue: String?, tag: String?, email: String) -> String? {
        guard let issue, let tag, IssueTag.make(issue: issue, email: email, secret: mailer.secret) == tag else { return nil }
        return issue
    }

    /// The address an unsubscribe token names, or why the token is refused.
    public func unsubscribeAddress(_ token: String, now: Date) throws(SubscriberToken.Failure) -> String {
        try SubscriberToken.verify(token, purpose: .unsubscribe, secret: mailer.secret, now: now).email
    }

    /// Unsubscribes an address; returns the subscriber and whether they had unsubscribed before.
    @discardableResult
    public func unsubscribe(_ email: String, source: ChangeSource, context: ChangeContext? = nil, issue: String? = nil,
                            now: Date) async throws -> (Subscriber, wasAlready: Bool) {
        let before = try await store.subscriber(email)?.status
        let subscriber = try await store.unsubscribe(email, source: source, context: context, issue: issue, now: now)
        return (subscriber, before == .unsubscribed)
    }

    /// Forgets a person, keeping only a suppression entry; false when nobody had the address.
    public func erase(_ email: String, now: Date) async throws -> Bool {
        try await store.erase(email, now: now)
    }

    /// The subscriber with this address, if any.
    public func subscriber(_ email: String) async throws -> Subscriber? {
        try await store.subscriber(email)
    }

    /// Changes cadence, pause or name for someone still on the list (`ManageSubscription`).
    public func changePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext? = nil,
                                  now: Date) async throws -> ManageSubscription.PreferencesOutcome {
        try await ManageSubscription(store: store).changePreferences(email, change, source: source, context: context, now: now)
    }

    /// Counts one sign-up from `client` (an IP address) and says whether it is within
    /// `limit` per `window` seconds, across every server sharing the store.
    public func allowSignUp(client: String, limit: Int, window: TimeInterval, now: Date) async throws -> Bool {
        try await store.allowSignUp(client: client, limit: limit, window: window, now: now)
    }

    /// Spends a provider's one-use webhook token (`provider:token`); false when seen before.
    public func spendWebhookToken(_ token: String, provider: WebhookProvider, now: Date) async throws -> Bool {
        try await store.spendToken(provider.rawValue + ":" + token, now: now)
    }

    /// Whether the store answers (for `/healthz`).
    public func storeIsReadable() async -> Bool {
        (try? await store.counts()) != nil
    }

    /// The identity the emails and pages speak for.
    public var identity: NewsletterIdentity { mailer.identity }

    /// Where confirmation and welcome emails go (a server or the outbox), for sentences.
    public var mailDestination: String { mailer.transport.description }

    /// The templates of the emails and pages.
    public var templates: TemplateSet { mailer.templates }

    /// The target of a signed tracked link in `issue`; nil for a forged or altered one.
    public func clickTarget(issue: String, link: String, signature: String) -> String? {
        ClickLinks.target(issue: issue, link: link, signature: signature, secret: mailer.secret)
    }
}
