import NewsletterCore

/// What `newsletter serve` needs from the settings.
public struct WebSettings: Sendable {
    public var identity: NewsletterIdentity
    /// Sign-ups allowed per client address per `subscribeWindow` seconds.
    public var subscribeLimit: Int = 5
    public var subscribeWindow: Double = 600
    /// A form or JSON body larger than this is refused (413).
    public var maxBodyBytes: Int = 16 * 1024
    /// Take the client address from `X-Forwarded-For` (only behind a reverse proxy you run).
    public var trustProxy = false

    /// The email services' webhook secrets; a provider without its secret answers 404.
    public var mailgunSigningKey: String?
    public var postmarkPassword: String?
    public var sendgridPublicKey: String?
    public var sesTopicARN: String?
    /// `NEWSLETTER_ADMIN_TOKEN`: without it `/admin/…` answers 404.
    public var adminToken: String?
    /// `NEWSLETTER_CLICK_TRACKING=aggregate`: `/r/…` counts clicks per issue and link.
    public var clickTracking = false
    /// Where SNS signing certificates are kept (`sns-certs/` beside the database).
    public var snsCertificateDirectory: String = "sns-certs"
    /// A webhook body larger than this is refused (413).
    public var maxWebhookBytes: Int = 1024 * 1024

    public init(identity: NewsletterIdentity) { self.identity = identity }
}
