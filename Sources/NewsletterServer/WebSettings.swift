import Foundation
import NewsletterCore

/// What `newsletter serve` needs from the settings.
public struct WebSettings: Sendable {
    public var identity: NewsletterIdentity
    /// Sign-ups allowed per client address per `subscribeWindow` seconds.
    public var subscribeLimit: Int = 5
    public var subscribeWindow: Double = 600
    /// The topics the sign-up form and the preferences page offer.
    public var topics = TopicCatalog.none
    /// `NEWSLETTER_METRICS_LISTEN`: where `GET /metrics` answers without a token.
    public var metricsListen: (host: String, port: Int)?
    /// Seconds a connection may sit idle (between requests, or before its request is
    /// complete) before it is closed.
    public var idleTimeout: Double = 30
    /// Connections open at once; more are closed when accepted. By default what the
    /// process's descriptor limit leaves room for, at most 1,000.
    public var maxConnections: Int = WebSettings.defaultMaxConnections

    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1000 }
        return max(16, min(1000, Int(limit.rlim_cur) - 64))
    }
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
    /// `NEWSLETTER_REVIEW=required`: drafts wait for the console; `serve` sends the
    /// approved ones every minute.
    public var review = false
    public var clickTracking = false
    /// Where SNS signing certificates are kept (`sns-certs/` beside the database).
    public var snsCertificateDirectory: String = "sns-certs"
    /// A webhook body larger than this is refused (413).
    public var maxWebhookBytes: Int = 1024 * 1024

    public init(identity: NewsletterIdentity) { self.identity = identity }
}
