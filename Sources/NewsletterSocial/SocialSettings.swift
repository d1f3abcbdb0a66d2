import NewsletterCore

/// The social networks' settings as `Settings` resolved them (environment, `…_FILE`, and
/// the config file where a key has one): values by key, nothing read here.
public struct SocialSettings: Sendable {
    /// Every set, non-empty value, by its key.
    public var values: [SettingKey: String]
    /// Networks with at least one credential variable set (so a half-configured one is reported).
    public var mentioned: Set<String>
    /// A rate limit that ends within this many seconds is waited out.
    public var maxRateLimitWait: Double

    public init(values: [SettingKey: String] = [:], mentioned: Set<String> = [], maxRateLimitWait: Double = 60) {
        self.values = values
        self.mentioned = mentioned
        self.maxRateLimitWait = maxRateLimitWait
    }

    public subscript(key: SettingKey) -> String? { values[key] }

    /// Every key a network reads, for `Settings` to resolve.
    public static let keys: [SettingKey] = SocialConfiguration.postable.map(SettingKey.apiBase) + [
        .xBearerToken, .xConsumerKey, .xConsumerSecret, .xAccessToken, .xAccessTokenSecret,
        .facebookPageID, .facebookPageToken, .facebookGraphVersion, .linkedInToken, .linkedInAuthor, .linkedInVersion,
        .redditClientID, .redditClientSecret, .redditUsername, .redditPassword, .redditSubreddit,
        .whatsAppToken, .whatsAppPhoneNumberID, .whatsAppTo, .whatsAppGraphVersion, .mastodonToken, .blueskyHandle, .blueskyAppPassword,
    ]
}
