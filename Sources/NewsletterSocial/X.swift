import Foundation
import NewsletterCore

/// X API v2: `POST /2/tweets` with OAuth 1.0a user context or an OAuth 2.0 user token.
public struct XPoster: SocialPoster {
    public enum Credentials: Sendable {
        case oauth1(OAuth1)
        case bearer(String)
    }

    public let key = "x"
    public let name = "X"
    let base: String
    let credentials: Credentials
    let via: String?

    public init(base: String = "https://api.x.com", credentials: Credentials, via: String? = nil) {
        self.base = base
        self.credentials = credentials
        self.via = via
    }

    /// The post's text: title, URL and hashtags within 280 weighted characters.
    public static func text(for post: SharePost) -> String {
        let title = XText.fit(post.title, url: post.url, hashtags: post.hashtags)
        return ([title, post.url] + post.hashtags.map { "#" + $0 }).filter { !$0.isEmpty }.joined(separator: " ")
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let url = base + "/2/tweets"
        let body = Reply.jsonBody(.object([("text", .string(Self.text(for: post)))]))
        let secrets: [String]
        switch credentials {
        case .oauth1(let o): secrets = [o.consumerSecret, o.tokenSecret, o.token]
        case .bearer(let token): secrets = [token]
        }
        func request() -> HTTPClientRequest {
            let authorization = switch credentials {
            case .oauth1(let oauth): oauth.authorization(method: "POST", url: url)
            case .bearer(let token): "Bearer " + token
            }
            return HTTPClientRequest(url: url, method: "POST", headers: [("Authorization", authorization), ("Content-Type", "application/json")], body: body)
        }
        let response = try await http.exchange(request(), network: name, secrets: secrets,
                                               sample: #"{"data":{"id":"0","text":"(dry run)"}}"#) { response in
            try check(response, now: http.now())
        }
        let data = Reply.json(response)["data"] as? [String: Any]
        guard let id = data?["id"] as? String else {
            throw SocialError.rejected(network: name, status: response.status, message: "the reply has no post id: " + Reply.text(response))
        }
        return .posted(remoteID: id, url: "https://x.com/i/web/status/" + id)
    }

    func check(_ response: HTTPClientResponse, now: Date) throws {
        if (200..<300).contains(response.status) { return }
        let json = Reply.json(response)
        let detail = (json["detail"] as? String) ?? (json["title"] as? String) ?? Reply.text(response)
        switch response.status {
        case 429:
            throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: ["x-rate-limit-reset"], now: now),
                                          message: "HTTP 429")
        case 401:
            let variable = if case .bearer = credentials { SettingKey.xBearerToken.variable } else { "\(SettingKey.xAccessToken) and \(SettingKey.xAccessTokenSecret)" }
            throw SocialError.unauthorized(network: name, variable: variable, message: "HTTP 401: " + detail)
        case 403 where detail.lowercased().contains("duplicate"):
            throw DuplicateSignal(message: detail)
        default:
            throw SocialError.rejected(network: name, status: response.status, message: detail)
        }
    }
}

/// Thrown by a reply check when the network says the post is a duplicate.
struct DuplicateSignal: Error {
    let message: String
}
