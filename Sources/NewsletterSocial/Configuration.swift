import Foundation
import NewsletterCore

/// Which networks can post, from the environment variables of SPEC.md.
public enum SocialConfiguration {
    /// The networks that can post, in the order of `ShareTarget.all`.
    public static let postable = ["x", "facebook", "linkedin", "reddit", "whatsapp", "mastodon", "bluesky"]

    /// The poster for `network`, or what is missing. A network with none of its variables
    /// set is "not configured"; one with some set is told exactly which are missing.
    public static func poster(_ network: String, env: [String: String], language: String? = nil) -> Result<any SocialPoster, SocialError> {
        func value(_ name: String) -> String? {
            if let v = env[name], !v.isEmpty { return v }
            if let file = env[name + "_FILE"], let text = try? String(contentsOfFile: file, encoding: .utf8) {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return nil
        }
        func base(_ key: String) -> String? {
            value("NEWSLETTER_\(key)_API_BASE").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
        func require(_ names: [String], _ name: String) -> Result<[String], SocialError> {
            let missing = names.filter { value($0) == nil }
            if missing.isEmpty { return .success(names.map { value($0)! }) }
            return .failure(.notConfigured(network: name, missing: missing))
        }
        switch network {
        case "x":
            if let bearer = value("NEWSLETTER_X_BEARER_TOKEN") {
                return .success(XPoster(base: base("X") ?? "https://api.x.com", credentials: .bearer(bearer)))
            }
            return require(["NEWSLETTER_X_CONSUMER_KEY", "NEWSLETTER_X_CONSUMER_SECRET", "NEWSLETTER_X_ACCESS_TOKEN", "NEWSLETTER_X_ACCESS_TOKEN_SECRET"], "X").map { v in
                XPoster(base: base("X") ?? "https://api.x.com",
                        credentials: .oauth1(OAuth1(consumerKey: v[0], consumerSecret: v[1], token: v[2], tokenSecret: v[3])))
            }
        case "facebook":
            return require(["NEWSLETTER_FACEBOOK_PAGE_ID", "NEWSLETTER_FACEBOOK_PAGE_TOKEN"], "Facebook").map { v in
                FacebookPoster(base: base("FACEBOOK") ?? "https://graph.facebook.com", version: value("NEWSLETTER_FACEBOOK_GRAPH_VERSION") ?? "v23.0",
                               pageID: v[0], token: v[1])
            }
        case "linkedin":
            return require(["NEWSLETTER_LINKEDIN_TOKEN", "NEWSLETTER_LINKEDIN_AUTHOR"], "LinkedIn").map { v in
                LinkedInPoster(base: base("LINKEDIN") ?? "https://api.linkedin.com", version: value("NEWSLETTER_LINKEDIN_VERSION") ?? "202511",
                               token: v[0], author: v[1])
            }
        case "reddit":
            return require(["NEWSLETTER_REDDIT_CLIENT_ID", "NEWSLETTER_REDDIT_CLIENT_SECRET", "NEWSLETTER_REDDIT_USERNAME", "NEWSLETTER_REDDIT_PASSWORD",
                            "NEWSLETTER_REDDIT_SUBREDDIT"], "Reddit").map { v in
                RedditPoster(base: base("REDDIT"), clientID: v[0], clientSecret: v[1], username: v[2], password: v[3], subreddit: v[4])
            }
        case "whatsapp":
            return require(["NEWSLETTER_WHATSAPP_TOKEN", "NEWSLETTER_WHATSAPP_PHONE_NUMBER_ID", "NEWSLETTER_WHATSAPP_TO"], "WhatsApp").map { v in
                WhatsAppPoster(base: base("WHATSAPP") ?? "https://graph.facebook.com", version: value("NEWSLETTER_WHATSAPP_GRAPH_VERSION") ?? "v23.0",
                               phoneNumberID: v[1], token: v[0],
                               recipients: v[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
        case "mastodon":
            return require(["NEWSLETTER_MASTODON_TOKEN", "NEWSLETTER_MASTODON_API_BASE"], "Mastodon").map { v in
                MastodonPoster(base: v[1], token: v[0], language: language)
            }
        case "bluesky":
            return require(["NEWSLETTER_BLUESKY_HANDLE", "NEWSLETTER_BLUESKY_APP_PASSWORD"], "Bluesky").map { v in
                BlueskyPoster(base: base("BLUESKY") ?? "https://bsky.social", handle: v[0], appPassword: v[1], language: language)
            }
        default:
            return .failure(.notConfigured(network: network, missing: ["nothing: posting to \(network) through an API is not supported; use its share link"]))
        }
    }

    /// True when any of the network's variables is set (so a half-configured network is reported).
    public static func isMentioned(_ network: String, env: [String: String]) -> Bool {
        let prefix = "NEWSLETTER_\(network.uppercased())_"
        return env.contains { $0.key.hasPrefix(prefix) && !$0.key.hasSuffix("_API_BASE") && !$0.key.hasSuffix("_VERSION") && !$0.value.isEmpty }
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
