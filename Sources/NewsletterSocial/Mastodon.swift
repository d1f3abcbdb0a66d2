import Foundation
import NewsletterCore

/// Mastodon: `POST /api/v1/statuses` on the instance, with an `Idempotency-Key` derived from
/// the post so a retried request never makes a second status.
public struct MastodonPoster: SocialPoster {
    public let key = "mastodon"
    public let name = "Mastodon"
    let base: String
    let token: String
    let language: String?

    public init(base: String, token: String, language: String? = nil) {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.token = token
        self.language = language
    }

    /// Title, URL and hashtags within 500 characters (a URL counts 23, as Mastodon counts it).
    public static func text(for post: SharePost) -> String {
        let tags = post.hashtags.map { "#" + $0 }.joined(separator: " ")
        let room = 500 - 23 - 2 - (tags.isEmpty ? 0 : tags.count + 2)
        let title = post.title.count > room ? HTMLText.excerpt(post.title, limit: max(0, room - 1)) : post.title
        return [title, post.url, tags].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        var fields: [(String, String)] = [("status", Self.text(for: post)), ("visibility", "public")]
        if let language { fields.append(("language", language)) }
        let request = HTTPClientRequest(url: base + "/api/v1/statuses", method: "POST", headers: [
            ("Authorization", "Bearer " + token), ("Idempotency-Key", "newsletter-" + StableHash.fnv1a64(post.id)),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: Data(FormEncoding.encode(fields).utf8))
        let response = try await http.exchange(request, network: name, secrets: [token],
                                               sample: #"{"id":"0","url":"https://mastodon.example/@dry/0"}"#) { response in
            if (200..<300).contains(response.status) { return }
            let message = (Reply.json(response)["error"] as? String) ?? Reply.text(response)
            switch response.status {
            case 429:
                throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: ["X-RateLimit-Reset"], now: http.now()),
                                              message: "HTTP 429: " + message)
            case 401, 403:
                throw SocialError.unauthorized(network: name, variable: SettingKey.mastodonToken.variable, message: "HTTP \(response.status): " + message)
            default:
                throw SocialError.rejected(network: name, status: response.status, message: message)
            }
        }
        let json = Reply.json(response)
        guard let id = json["id"] as? String else {
            throw SocialError.rejected(network: name, status: response.status, message: "the reply has no status id: " + Reply.text(response))
        }
        return .posted(remoteID: id, url: json["url"] as? String)
    }
}
