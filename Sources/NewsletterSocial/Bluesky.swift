import Foundation
import NewsletterCore

/// Bluesky (AT Protocol): `com.atproto.server.createSession` with the handle and an app
/// password, then `com.atproto.repo.createRecord` of an `app.bsky.feed.post` whose URL is a
/// link facet (at UTF-8 byte offsets) and whose card is an external embed.
public struct BlueskyPoster: SocialPoster {
    public let key = "bluesky"
    public let name = "Bluesky"
    let base: String
    let handle: String
    let appPassword: String
    let language: String?

    public init(base: String = "https://bsky.social", handle: String, appPassword: String, language: String? = nil) {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.handle = handle
        self.appPassword = appPassword
        self.language = language
    }

    /// The text (title, then the URL, within 300 graphemes) and the URL's UTF-8 byte range in it.
    public static func text(for post: SharePost) -> (text: String, byteStart: Int, byteEnd: Int) {
        let room = 300 - post.url.count - 2
        let title = post.title.count > room ? HTMLText.excerpt(post.title, limit: max(0, room - 1)) : post.title
        let prefix = title.isEmpty ? "" : title + "\n\n"
        let start = prefix.utf8.count
        return (prefix + post.url, start, start + post.url.utf8.count)
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let session = HTTPClientRequest(url: base + "/xrpc/com.atproto.server.createSession", method: "POST", headers: [("Content-Type", "application/json")],
                                  body: Reply.jsonBody(.object([("identifier", .string(handle)), ("password", .string(appPassword))])))
        let sessionReply = try await http.exchange(session, network: name, secrets: [appPassword],
                                                   sample: #"{"accessJwt":"DRY-RUN-JWT","did":"did:plc:dryrun","handle":"dry.run"}"#) { response in
            try check(response, now: http.now())
        }
        let json = Reply.json(sessionReply)
        guard let jwt = json["accessJwt"] as? String, let did = json["did"] as? String else {
            throw SocialError.rejected(network: name, status: sessionReply.status, message: "the session reply has no accessJwt or did")
        }
        let (text, start, end) = Self.text(for: post)
        let external: [(String, JSONValue)] = [("uri", .string(post.url)), ("title", .string(post.title)), ("description", .string(post.summary))]
        var record: [(String, JSONValue)] = [
            ("$type", .string("app.bsky.feed.post")),
            ("text", .string(text)),
            ("createdAt", .string(Self.timestamp(http.now()))),
            ("facets", .array([.object([
                ("index", .object([("byteStart", .number(Double(start))), ("byteEnd", .number(Double(end)))])),
                ("features", .array([.object([("$type", .string("app.bsky.richtext.facet#link")), ("uri", .string(post.url))])])),
            ])])),
            ("embed", .object([("$type", .string("app.bsky.embed.external")), ("external", .object(external))])),
        ]
        if let language { record.append(("langs", .array([.string(language)]))) }
        let create = HTTPClientRequest(url: base + "/xrpc/com.atproto.repo.createRecord", method: "POST",
                                 headers: [("Authorization", "Bearer " + jwt), ("Content-Type", "application/json")],
                                 body: Reply.jsonBody(.object([("repo", .string(did)), ("collection", .string("app.bsky.feed.post")), ("record", .object(record))])))
        let reply = try await http.exchange(create, network: name, secrets: [appPassword, jwt],
                                            sample: #"{"uri":"at://did:plc:dryrun/app.bsky.feed.post/dryrun","cid":"dryrun"}"#) { response in
            try check(response, now: http.now())
        }
        guard let uri = Reply.json(reply)["uri"] as? String else {
            throw SocialError.rejected(network: name, status: reply.status, message: "the reply has no record uri: " + Reply.text(reply))
        }
        let rkey = uri.split(separator: "/").last.map(String.init) ?? ""
        return .posted(remoteID: uri, url: "https://bsky.app/profile/\(did)/post/\(rkey)")
    }

    /// XRPC errors: `{"error": "ExpiredToken", "message": "…"}`; 429 with `ratelimit-reset` (epoch seconds).
    func check(_ response: HTTPClientResponse, now: Date) throws {
        if (200..<300).contains(response.status) { return }
        let json = Reply.json(response)
        let error = json["error"] as? String ?? "HTTP \(response.status)"
        let message = error + ((json["message"] as? String).map { ": " + $0 } ?? "")
        if response.status == 429 || error == "RateLimitExceeded" {
            throw SocialError.rateLimited(network: name, retryAt: Reply.retryAt(response, resetHeaders: ["ratelimit-reset"], now: now), message: message)
        }
        if response.status == 401 || ["ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"].contains(error) {
            throw SocialError.unauthorized(network: name, variable: SettingKey.blueskyAppPassword.variable, message: message)
        }
        throw SocialError.rejected(network: name, status: response.status, message: message)
    }

    static func timestamp(_ date: Date) -> String {
        UTCFormat.iso8601Milliseconds(date)
    }
}
