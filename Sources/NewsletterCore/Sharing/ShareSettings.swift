

/// Settings that shape share links.
public struct ShareSettings: Sendable, Equatable {
    /// The blog's X account, without `@` (`via=`).
    public var xVia: String?
    /// The Mastodon instance (`https://mastodon.social`) whose share page is linked.
    public var mastodonInstance: String?
    /// When set, the post's URL gets `utm_source=<network>&utm_medium=social&utm_campaign=<this>`
    /// (existing parameters are never replaced).
    public var utmCampaign: String?

    public init(xVia: String? = nil, mastodonInstance: String? = nil, utmCampaign: String? = nil) {
        self.xVia = xVia.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
        self.mastodonInstance = mastodonInstance
        self.utmCampaign = utmCampaign
    }

    /// The URL as shared on one network.
    public func url(_ url: String, for network: String) -> String {
        guard let campaign = utmCampaign, let authority = URLResolver.split(url).authority else { return url }
        return UTM(source: network, medium: "social", campaign: campaign).tag(url, hosts: [UTM.host(authority)])
    }
}
