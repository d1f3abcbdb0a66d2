import Foundation
import NewsletterCore

/// Reddit: a script app's password-grant token from `/api/v1/access_token`, then a link
/// submission with `POST /api/submit` (`kind=link`), with the User-Agent Reddit asks for.
public struct RedditPoster: SocialPoster {
    public let key = "reddit"
    public let name = "Reddit"
    let tokenBase: String
    let apiBase: String
    let clientID: String
    let clientSecret: String
    let username: String
    let password: String
    let subreddit: String

    /// With no base given, the token comes from www.reddit.com and the API is oauth.reddit.com.
    public init(base: String?, clientID: String, clientSecret: String, username: String, password: String, subreddit: String) {
        tokenBase = base ?? "https://www.reddit.com"
        apiBase = base ?? "https://oauth.reddit.com"
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.username = username
        self.password = password
        self.subreddit = subreddit.hasPrefix("r/") ? String(subreddit.dropFirst(2)) : subreddit
    }

    var userAgent: String { "linux:newsletter:\(NewsletterVersion.number) (by /u/\(username))" }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let secrets = [clientSecret, password]
        let basic = Data((clientID + ":" + clientSecret).utf8).base64EncodedString()
        let tokenRequest = HTTPClientRequest(url: tokenBase + "/api/v1/access_token", method: "POST", headers: [
            ("Authorization", "Basic " + basic), ("User-Agent", userAgent), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: Data(FormEncoding.encode([("grant_type", "password"), ("username", username), ("password", password)]).utf8))
        let tokenReply = try await http.exchange(tokenRequest, network: name, secrets: secrets + [basic],
                                                 sample: #"{"access_token":"DRY-RUN-TOKEN","token_type":"bearer","expires_in":86400,"scope":"*"}"#) { response in
            let json = Reply.json(response)
            if response.status == 429 {
                throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: ["x-ratelimit-reset"], now: http.now()), message: "HTTP 429")
            }
            if response.status == 401 || json["error"] != nil || json["access_token"] == nil {
                let reason = (json["error"] as? String) ?? (json["message"] as? String) ?? "HTTP \(response.status)"
                throw SocialError.unauthorized(network: name, variable: "\(SettingKey.redditClientID), \(SettingKey.redditClientSecret), \(SettingKey.redditUsername) and \(SettingKey.redditPassword)",
                                               message: "token request: " + reason)
            }
        }
        let token = Reply.json(tokenReply)["access_token"] as? String ?? ""
        let submit = HTTPClientRequest(url: apiBase + "/api/submit", method: "POST", headers: [
            ("Authorization", "Bearer " + token), ("User-Agent", userAgent), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: Data(FormEncoding.encode([
            ("api_type", "json"), ("kind", "link"), ("sr", subreddit), ("title", String(post.title.prefix(300))), ("url", post.url),
            ("resubmit", "false"), ("sendreplies", "true"),
        ]).utf8))
        let reply = try await http.exchange(submit, network: name, secrets: secrets + [token],
                                            sample: #"{"json":{"errors":[],"data":{"id":"dryrun","name":"t3_dryrun","url":"https://www.reddit.com/r/x/comments/dryrun/"}}}"#) { response in
            try check(response, now: http.now())
        }
        let data = (Reply.json(reply)["json"] as? [String: Any])?["data"] as? [String: Any]
        guard let id = (data?["name"] as? String) ?? (data?["id"] as? String) else {
            throw SocialError.rejected(network: name, status: reply.status, message: "the reply has no post id: " + Reply.text(reply))
        }
        return .posted(remoteID: id, url: data?["url"] as? String)
    }

    /// Errors come inside a 200 as `{"json": {"errors": [["RATELIMIT", "… try again in 9 minutes.", "ratelimit"]]}}`.
    func check(_ response: HTTPClientResponse, now: Date) throws {
        if response.status == 429 {
            throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: ["x-ratelimit-reset"], now: now), message: "HTTP 429")
        }
        if response.status == 401 || response.status == 403 {
            throw SocialError.unauthorized(network: name, variable: SettingKey.redditPassword.variable, message: "HTTP \(response.status): " + Reply.text(response))
        }
        guard (200..<300).contains(response.status) else {
            throw SocialError.rejected(network: name, status: response.status, message: Reply.text(response))
        }
        let errors = ((Reply.json(response)["json"] as? [String: Any])?["errors"] as? [[Any]]) ?? []
        guard let first = errors.first else { return }
        let code = first.first as? String ?? ""
        let message = first.count > 1 ? (first[1] as? String ?? code) : code
        switch code {
        case "RATELIMIT":
            throw SocialError.rateLimited(network: name, retryAt: Self.retryAt(message, now: now), message: message)
        case "ALREADY_SUB":
            throw DuplicateSignal(message: message)
        default:
            throw SocialError.rejected(network: name, status: response.status, message: code + ": " + message)
        }
    }

    /// "try again in 9 minutes." / "in 30 seconds" → a time.
    static func retryAt(_ message: String, now: Date) -> Date? {
        let words = message.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for (i, word) in words.enumerated() {
            guard let n = Double(word), i + 1 < words.count else { continue }
            let unit = words[i + 1]
            if unit.hasPrefix("second") { return now.addingTimeInterval(n) }
            if unit.hasPrefix("minute") { return now.addingTimeInterval(n * 60) }
            if unit.hasPrefix("hour") { return now.addingTimeInterval(n * 3600) }
        }
        return nil
    }
}
