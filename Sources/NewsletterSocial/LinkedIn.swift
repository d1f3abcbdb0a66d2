import Foundation
import NewsletterCore

/// LinkedIn Posts API: `POST /rest/posts` with an article (the post's URL, title and summary).
public struct LinkedInPoster: SocialPoster {
    public let key = "linkedin"
    public let name = "LinkedIn"
    let base: String
    let version: String
    let token: String
    let author: String

    public init(base: String = "https://api.linkedin.com", version: String = "202511", token: String, author: String) {
        self.base = base
        self.version = version
        self.token = token
        self.author = author
    }

    /// LinkedIn's "little text" commentary: these characters must be backslash-escaped or
    /// the text is cut or read as markup.
    public static func littleText(_ s: String) -> String {
        var out = ""
        for character in s {
            if "\\|{}@[]()<>#*_~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        // Hashtags use the little-text template `{hashtag|\#|word}`.
        var commentary = Self.littleText(post.title)
        if !post.hashtags.isEmpty { commentary += "\n\n" + post.hashtags.map { "{hashtag|\\#|" + $0 + "}" }.joined(separator: " ") }
        var article: [(String, JSONValue)] = [("source", .string(post.url)), ("title", .string(String(post.title.prefix(400))))]
        if !post.summary.isEmpty { article.append(("description", .string(String(post.summary.prefix(4086))))) }
        let body = Reply.jsonBody(.object([
            ("author", .string(author)),
            ("commentary", .string(commentary)),
            ("visibility", .string("PUBLIC")),
            ("distribution", .object([("feedDistribution", .string("MAIN_FEED")), ("targetEntities", .array([])),
                                      ("thirdPartyDistributionChannels", .array([]))])),
            ("content", .object([("article", .object(article))])),
            ("lifecycleState", .string("PUBLISHED")),
            ("isReshareDisabledByAuthor", .bool(false)),
        ]))
        let request = HTTPClientRequest(url: base + "/rest/posts", method: "POST", headers: [
            ("Authorization", "Bearer " + token), ("LinkedIn-Version", version), ("X-Restli-Protocol-Version", "2.0.0"),
            ("Content-Type", "application/json"),
        ], body: body)
        let response = try await http.exchange(request, network: name, secrets: [token], sample: "") { response in
            try check(response, now: http.now())
        }
        let id = response.header("x-restli-id") ?? response.header("x-linkedin-id") ?? (http.dryRun ? "urn:li:share:0" : "")
        guard !id.isEmpty else {
            throw SocialError.rejected(network: name, status: response.status, message: "the reply has no x-restli-id header")
        }
        return .posted(remoteID: id, url: "https://www.linkedin.com/feed/update/" + id + "/")
    }

    func check(_ response: HTTPClientResponse, now: Date) throws {
        if (200..<300).contains(response.status) { return }
        let json = Reply.json(response)
        let message = (json["message"] as? String) ?? Reply.text(response)
        switch response.status {
        case 429:
            throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: [], now: now), message: "HTTP 429: " + message)
        case 401:
            throw SocialError.unauthorized(network: name, variable: SettingKey.linkedInToken.variable, message: "HTTP 401: " + message)
        case 422 where message.lowercased().contains("duplicate"):
            throw DuplicateSignal(message: message)
        default:
            throw SocialError.rejected(network: name, status: response.status, message: message)
        }
    }
}
