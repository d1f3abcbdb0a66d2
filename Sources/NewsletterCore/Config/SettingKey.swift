/// Every setting's names: its environment variable (SPEC "Configuration") and its key in
/// `newsletter.toml`. The only place that spells a `NEWSLETTER_*` name; `Settings` reads
/// through these, and messages name a setting through them.
public struct SettingKey: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable, `NEWSLETTER_…`.
    public let variable: String
    /// The config file key (`smtp.url`); nil for what only the environment may hold (secrets).
    public let configKey: String?

    init(_ variable: String, _ configKey: String? = nil) {
        self.variable = variable
        self.configKey = configKey
    }

    /// The variable that names a file holding the secret (`…_FILE`).
    public var fileVariable: String { variable + "_FILE" }
    public var description: String { variable }

    // General
    public static let config = SettingKey("NEWSLETTER_CONFIG")
    public static let logLevel = SettingKey("NEWSLETTER_LOG_LEVEL", "log_level")
    public static let now = SettingKey("NEWSLETTER_NOW")
    public static let feed = SettingKey("NEWSLETTER_FEED", "feed")
    public static let feedTimeout = SettingKey("NEWSLETTER_FEED_TIMEOUT", "feed_timeout")
    public static let database = SettingKey("NEWSLETTER_DB", "db")
    public static let databasePassword = SettingKey("NEWSLETTER_DB_PASSWORD")
    public static let adminToken = SettingKey("NEWSLETTER_ADMIN_TOKEN")
    public static let clickTracking = SettingKey("NEWSLETTER_CLICK_TRACKING", "click_tracking")
    public static let review = SettingKey("NEWSLETTER_REVIEW", "review")
    public static let leaseSeconds = SettingKey("NEWSLETTER_LEASE_SECONDS", "lease_seconds")
    public static let secret = SettingKey("NEWSLETTER_SECRET")
    public static let templates = SettingKey("NEWSLETTER_TEMPLATES", "templates")
    public static let outbox = SettingKey("NEWSLETTER_OUTBOX", "outbox")

    // Identity
    public static let name = SettingKey("NEWSLETTER_NAME", "name")
    public static let from = SettingKey("NEWSLETTER_FROM", "from")
    public static let replyTo = SettingKey("NEWSLETTER_REPLY_TO", "reply_to")
    public static let postalAddress = SettingKey("NEWSLETTER_POSTAL_ADDRESS", "postal_address")
    public static let baseURL = SettingKey("NEWSLETTER_BASE_URL", "base_url")
    public static let blogURL = SettingKey("NEWSLETTER_BLOG_URL", "blog_url")
    public static let language = SettingKey("NEWSLETTER_LANGUAGE", "language")
    public static let feedbackID = SettingKey("NEWSLETTER_FEEDBACK_ID", "feedback_id")

    // Delivery
    public static let smtpURL = SettingKey("NEWSLETTER_SMTP_URL", "smtp.url")
    public static let smtpTLS = SettingKey("NEWSLETTER_SMTP_TLS", "smtp.tls")
    public static let smtpCAFile = SettingKey("NEWSLETTER_SMTP_CA_FILE", "smtp.ca_file")
    public static let smtpUsername = SettingKey("NEWSLETTER_SMTP_USERNAME", "smtp.username")
    public static let smtpPassword = SettingKey("NEWSLETTER_SMTP_PASSWORD")
    public static let smtpEHLO = SettingKey("NEWSLETTER_SMTP_EHLO", "smtp.ehlo")
    public static let smtpTimeout = SettingKey("NEWSLETTER_SMTP_TIMEOUT", "smtp.timeout")
    public static let hourlyCap = SettingKey("NEWSLETTER_HOURLY_CAP", "smtp.hourly_cap")
    public static let retryBase = SettingKey("NEWSLETTER_RETRY_BASE", "smtp.retry_base")
    public static let retryWait = SettingKey("NEWSLETTER_RETRY_WAIT", "smtp.retry_wait")
    public static let bounceAddress = SettingKey("NEWSLETTER_BOUNCE_ADDRESS", "bounce_address")
    public static let inbox = SettingKey("NEWSLETTER_INBOX", "inbox.source")
    public static let inboxPassword = SettingKey("NEWSLETTER_INBOX_PASSWORD")
    public static let inboxCAFile = SettingKey("NEWSLETTER_INBOX_CA_FILE", "inbox.ca_file")
    public static let softBounceLimit = SettingKey("NEWSLETTER_SOFT_BOUNCE_LIMIT", "inbox.soft_bounce_limit")
    public static let inboxTrust = SettingKey("NEWSLETTER_INBOX_TRUST", "inbox.trust")
    public static let mailgunWebhookKey = SettingKey("NEWSLETTER_MAILGUN_WEBHOOK_KEY")
    public static let postmarkWebhookPassword = SettingKey("NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD")
    public static let sendgridWebhookKey = SettingKey("NEWSLETTER_SENDGRID_WEBHOOK_KEY", "webhooks.sendgrid_key")
    public static let sesTopicARN = SettingKey("NEWSLETTER_SES_TOPIC_ARN", "webhooks.ses_topic_arn")
    public static let dkimDomain = SettingKey("NEWSLETTER_DKIM_DOMAIN", "dkim.domain")
    public static let dkimSelector = SettingKey("NEWSLETTER_DKIM_SELECTOR", "dkim.selector")
    public static let dkimKey = SettingKey("NEWSLETTER_DKIM_KEY", "dkim.key")
    public static let dnsServer = SettingKey("NEWSLETTER_DNS_SERVER", "dns_server")
    public static let dnsTimeout = SettingKey("NEWSLETTER_DNS_TIMEOUT", "dns_timeout")

    // Web
    public static let serveHost = SettingKey("NEWSLETTER_SERVE_HOST", "serve.host")
    public static let servePort = SettingKey("NEWSLETTER_SERVE_PORT", "serve.port")
    public static let subscribeLimit = SettingKey("NEWSLETTER_SUBSCRIBE_LIMIT", "serve.subscribe_limit")
    public static let trustProxy = SettingKey("NEWSLETTER_TRUST_PROXY", "serve.trust_proxy")
    public static let serveIdleTimeout = SettingKey("NEWSLETTER_SERVE_IDLE_TIMEOUT", "serve.idle_timeout")
    public static let serveMaxConnections = SettingKey("NEWSLETTER_SERVE_MAX_CONNECTIONS", "serve.max_connections")
    public static let metricsListen = SettingKey("NEWSLETTER_METRICS_LISTEN", "serve.metrics_listen")

    // Sharing
    public static let xVia = SettingKey("NEWSLETTER_X_VIA", "share.x_via")
    public static let shareUTMCampaign = SettingKey("NEWSLETTER_SHARE_UTM_CAMPAIGN", "share.utm_campaign")
    public static let socialMaxWait = SettingKey("NEWSLETTER_SOCIAL_MAX_WAIT", "social_max_wait")

    // Social networks' APIs (SPEC "Social credentials"): secrets from the environment only.
    public static func apiBase(_ network: String) -> SettingKey {
        SettingKey("NEWSLETTER_\(network.uppercased())_API_BASE", network == "mastodon" ? "share.mastodon_instance" : nil)
    }
    /// The prefix of every variable of one network, to tell a half-configured network.
    public static func networkPrefix(_ network: String) -> String { "NEWSLETTER_\(network.uppercased())_" }

    public static let mastodonAPIBase = apiBase("mastodon")
    public static let xBearerToken = SettingKey("NEWSLETTER_X_BEARER_TOKEN")
    public static let xConsumerKey = SettingKey("NEWSLETTER_X_CONSUMER_KEY")
    public static let xConsumerSecret = SettingKey("NEWSLETTER_X_CONSUMER_SECRET")
    public static let xAccessToken = SettingKey("NEWSLETTER_X_ACCESS_TOKEN")
    public static let xAccessTokenSecret = SettingKey("NEWSLETTER_X_ACCESS_TOKEN_SECRET")
    public static let facebookPageID = SettingKey("NEWSLETTER_FACEBOOK_PAGE_ID")
    public static let facebookPageToken = SettingKey("NEWSLETTER_FACEBOOK_PAGE_TOKEN")
    public static let facebookGraphVersion = SettingKey("NEWSLETTER_FACEBOOK_GRAPH_VERSION")
    public static let linkedInToken = SettingKey("NEWSLETTER_LINKEDIN_TOKEN")
    public static let linkedInAuthor = SettingKey("NEWSLETTER_LINKEDIN_AUTHOR")
    public static let linkedInVersion = SettingKey("NEWSLETTER_LINKEDIN_VERSION")
    public static let redditClientID = SettingKey("NEWSLETTER_REDDIT_CLIENT_ID")
    public static let redditClientSecret = SettingKey("NEWSLETTER_REDDIT_CLIENT_SECRET")
    public static let redditUsername = SettingKey("NEWSLETTER_REDDIT_USERNAME")
    public static let redditPassword = SettingKey("NEWSLETTER_REDDIT_PASSWORD")
    public static let redditSubreddit = SettingKey("NEWSLETTER_REDDIT_SUBREDDIT")
    public static let whatsAppToken = SettingKey("NEWSLETTER_WHATSAPP_TOKEN")
    public static let whatsAppPhoneNumberID = SettingKey("NEWSLETTER_WHATSAPP_PHONE_NUMBER_ID")
    public static let whatsAppTo = SettingKey("NEWSLETTER_WHATSAPP_TO")
    public static let whatsAppGraphVersion = SettingKey("NEWSLETTER_WHATSAPP_GRAPH_VERSION")
    public static let mastodonToken = SettingKey("NEWSLETTER_MASTODON_TOKEN")
    public static let blueskyHandle = SettingKey("NEWSLETTER_BLUESKY_HANDLE")
    public static let blueskyAppPassword = SettingKey("NEWSLETTER_BLUESKY_APP_PASSWORD")
}
