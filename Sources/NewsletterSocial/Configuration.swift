import Foundation
import NewsletterCore

/// Which networks can post, from the settings of SPEC.md ("Social credentials").
public enum SocialConfiguration {
    /// The networks that can post, in the order of `ShareTarget.all`.
    public static let postable = ["x", "facebook", "linkedin", "reddit", "whatsapp", "mastodon", "bluesky"]

    /// The poster for `network`, or what is missing. A network with none of its variables
    /// set is "not configured"; one with some set is told exactly which are missing.
    public static func poster(_ network: String, settings: SocialSettings, language: String? = nil) -> Result<any SocialPoster, SocialError> {
        func base(_ network: String) -> String? {
            settings[.apiBase(network)].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
        func require(_ keys: [SettingKey], _ name: String) -> Result<[String], SocialError> {
            let missing = keys.filter { settings[$0] == nil }
            if missing.isEmpty { return .success(keys.map { settings[$0]! }) }
            return .failure(.notConfigured(network: name, missing: missing.map(\.variable)))
        }
        switch network {
        case "x":
            if let bearer = settings[.xBearerToken] {
                return .success(XPoster(base: base("x") ?? "https://api.x.com", credentials: .bearer(bearer)))
            }
            return require([.xConsumerKey, .xConsumerSecret, .xAccessToken, .xAccessTokenSecret], "X").map { v in
                XPoster(base: base("x") ?? "https://api.x.com",
                        credentials: .oauth1(OAuth1(consumerKey: v[0], consumerSecret: v[1], token: v[2], tokenSecret: v[3])))
            }
        case "facebook":
            return require([.facebookPageID, .facebookPageToken], "Facebook").map { v in
                FacebookPoster(base: base("facebook") ?? "https://graph.facebook.com", version: settings[.facebookGraphVersion] ?? "v23.0",
                               pageID: v[0], token: v[1])
            }
        case "linkedin":
            return require([.linkedInToken, .linkedInAuthor], "LinkedIn").map { v in
                LinkedInPoster(base: base("linkedin") ?? "https://api.linkedin.com", version: settings[.linkedInVersion] ?? "202511",
                               token: v[0], author: v[1])
            }
        case "reddit":
            return require([.redditClientID, .redditClientSecret, .redditUsername, .redditPassword, .redditSubreddit], "Reddit").map { v in
                RedditPoster(base: base("reddit"), clientID: v[0], clientSecret: v[1], username: v[2], password: v[3], subreddit: v[4])
            }
        case "whatsapp":
            return require([.whatsAppToken, .whatsAppPhoneNumberID, .whatsAppTo], "WhatsApp").map { v in
                WhatsAppPoster(base: base("whatsapp") ?? "https://graph.facebook.com", version: settings[.whatsAppGraphVersion] ?? "v23.0",
                               phoneNumberID: v[1], token: v[0],
                               recipients: v[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
        case "mastodon":
            return require([.mastodonToken, .mastodonAPIBase], "Mastodon").map { v in
                MastodonPoster(base: v[1], token: v[0], language: language)
            }
        case "bluesky":
            return require([.blueskyHandle, .blueskyAppPassword], "Bluesky").map { v in
                BlueskyPoster(base: base("bluesky") ?? "https://bsky.social", handle: v[0], appPassword: v[1], language: language)
            }
        default:
            return .failure(.notConfigured(network: network, missing: ["nothing: posting to \(network) through an API is not supported; use its share link"]))
        }
    }

    /// True when any of the network's credentials is set (so a half-configured network is reported).
    public static func isMentioned(_ network: String, settings: SocialSettings) -> Bool {
        settings.mentioned.contains(network)
    }

    /// Publishes, turning a network's "duplicate" refusal into `.duplicate`.
    public static func publish(_ post: SharePost, with poster: any SocialPoster, http: SocialHTTP) async throws -> SocialOutcome {
        do {
            return try await poster.publish(post, http: http)
        } catch let duplicate as DuplicateSignal {
            return .duplicate(message: duplicate.message)
        }
    }
}
