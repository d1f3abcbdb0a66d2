import Foundation
import NewsletterCore

/// A Facebook Page's feed: `POST /{version}/{page-id}/feed` with `message` and `link`.
public struct FacebookPoster: SocialPoster {
    public let key = "facebook"
    public let name = "Facebook"
    let base: String
    let version: String
    let pageID: String
    let token: String

    public init(base: String = "https://graph.facebook.com", version: String = "v23.0", pageID: String, token: String) {
        self.base = base
        self.version = version.hasPrefix("v") ? version : "v" + version
        self.pageID = pageID
        self.token = token
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let message = post.summary.isEmpty ? post.title : post.title + "\n\n" + post.summary
        let body = FormEncoding.encode([("message", message), ("link", post.url), ("access_token", token)])
        let request = HTTPClientRequest(url: "\(base)/\(version)/\(PercentEncoding.encode(pageID))/feed", method: "POST",
                                  headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
        let response = try await http.exchange(request, network: name, secrets: [token], sample: #"{"id":"0_0"}"#) { response in
            try GraphError.check(response, network: name, tokenVariable: SettingKey.facebookPageToken.variable, now: http.now())
        }
        guard let id = Reply.json(response)["id"] as? String else {
            throw SocialError.rejected(network: name, status: response.status, message: "the reply has no post id: " + Reply.text(response))
        }
        return .posted(remoteID: id, url: "https://www.facebook.com/" + id)
    }
}
