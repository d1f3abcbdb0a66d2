import Crypto
import Foundation
import Logging
import NewsletterCore

extension WebApp {
    /// Everything the web app is built from: the store's ports, the mail side and the
    /// settings. `newsletter serve` fills it from the real adapters; tests fill it with
    /// their own (a store in a temporary folder, the outbox, a fixed clock).
    public struct Parts: Sendable {
        public var subscribers: any SubscriberStore
        public var issues: any IssueLedger
        public var identity: NewsletterIdentity
        public var templates: TemplateSet
        /// Signs tokens, VERP tags and tracked links.
        public var secret: SymmetricKey
        /// Where confirmation and welcome emails go.
        public var transport: any MailTransport
        public var signers: [DKIMSigner] = []
        public var settings: WebSettings
        /// The inbox's policy for webhook events: the bounce address, the soft-bounce limit, the trust.
        public var bounceAddress: String?
        public var softBounceLimit = 3
        public var trust: InboxTrust = .proof
        public var now: @Sendable () -> Date = Date.init
        public var logger = Logger(label: "newsletter.serve")
        public var fetch: @Sendable (String) async throws -> Data = { url in throw WebhookError.unsigned("No HTTP client to fetch \(url).") }
        /// The console's users and sessions; nil serves no console.
        public var console: (any ConsoleAccounts & ConsoleSessions)?
        public var passwordHasher: any PasswordHasher = BcryptHasher()
        /// What the console sends and previews with; nil: the console only reads and edits.
        public var sending: ConsoleSending?

        public init(subscribers: any SubscriberStore, issues: any IssueLedger, identity: NewsletterIdentity, templates: TemplateSet,
                    secret: SymmetricKey, transport: any MailTransport, settings: WebSettings) {
            self.subscribers = subscribers
            self.issues = issues
            self.identity = identity
            self.templates = templates
            self.secret = secret
            self.transport = transport
            self.settings = settings
        }
    }

    /// The web app with its use cases built from `parts`, the one way both the server and
    /// the tests make it.
    public convenience init(_ parts: Parts) {
        let mailer = TransactionalMailer(identity: parts.identity, templates: parts.templates, secret: parts.secret, transport: parts.transport,
                                         signers: parts.signers)
        let inbox = InboxProcessor(store: parts.subscribers, ledger: parts.issues, secret: parts.secret, bounceAddress: parts.bounceAddress,
                                   softLimit: parts.softBounceLimit, trust: parts.trust)
        self.init(subscriptions: SubscriptionService(store: parts.subscribers, mailer: mailer), issues: parts.issues, history: parts.subscribers,
                  settings: parts.settings, now: parts.now, logger: parts.logger, inbox: inbox, fetch: parts.fetch,
                  console: parts.console.map { ConsoleAccess(store: $0, hasher: parts.passwordHasher, secret: parts.secret) }, people: parts.subscribers,
                  sending: parts.sending)
    }
}
