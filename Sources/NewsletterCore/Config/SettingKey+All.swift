extension SettingKey {
    /// Every setting, so that a config file key that names none of them is an error, not a
    /// typo silently ignored (a test holds this list equal to the declarations).
    public static let all: [SettingKey] = [
        .config, .logLevel, .now, .feed, .feedTimeout, .database, .databasePassword, .adminToken, .clickTracking, .review,
        .leaseSeconds, .secret, .templates, .outbox, .name, .from, .replyTo, .postalAddress, .baseURL, .blogURL,
        .language, .feedbackID, .smtpURL, .smtpTLS, .smtpCAFile, .smtpUsername, .smtpPassword, .smtpEHLO,
        .smtpTimeout, .hourlyCap, .retryBase, .retryWait, .bounceAddress, .inbox, .inboxPassword, .inboxCAFile,
        .softBounceLimit, .inboxTrust, .mailgunWebhookKey, .postmarkWebhookPassword, .sendgridWebhookKey,
        .sesTopicARN, .dkimDomain, .dkimSelector, .dkimKey, .dnsServer, .dnsTimeout, .serveHost, .servePort,
        .subscribeLimit, .trustProxy, .serveIdleTimeout, .serveMaxConnections, .metricsListen, .xVia, .shareUTMCampaign, .socialMaxWait, .mastodonAPIBase, .xBearerToken, .xConsumerKey,
        .xConsumerSecret, .xAccessToken, .xAccessTokenSecret, .facebookPageID, .facebookPageToken,
        .facebookGraphVersion, .linkedInToken, .linkedInAuthor, .linkedInVersion, .redditClientID,
        .redditClientSecret, .redditUsername, .redditPassword, .redditSubreddit, .whatsAppToken,
        .whatsAppPhoneNumberID, .whatsAppTo, .whatsAppGraphVersion, .mastodonToken, .blueskyHandle,
        .blueskyAppPassword,
    ]

    /// The keys a `newsletter.toml` may hold.
    public static let configKeys: Set<String> = Set(all.compactMap(\.configKey))
}
