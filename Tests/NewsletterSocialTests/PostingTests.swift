import Foundation
import NewsletterCore
import NewsletterHTTP
import NewsletterSocial
import TestProcesses
import Testing

@Suite(.serialized) struct PostingTests {
    static let post = SharePost(id: "urn:post:1", url: "https://www.harborlightclinic.example/blog/winter-blues/?ref=feed&x=1",
                                title: "Winter blues & you: 5 small steps #1 + 🌤️ — Ça va?", summary: "Short days weigh on mood. Here is what helps.",
                                hashtags: ["Self care", "Depression"])
    static let oauth = OAuth1(consumerKey: "ck-key", consumerSecret: "cs-secret", token: "at-token", tokenSecret: "ats-secret")

    // MARK: X

    @Test func xPostsWithOAuth1AndHandlesRateLimitsAuthAndDuplicates() async throws {
        let s = try SocialServer()
        let x = XPoster(base: s.base, credentials: .oauth1(Self.oauth))
        try await s.script("POST", "/2/tweets", [
            .init(status: 429, body: #"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#,
                  headers: ["x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "{epoch+1}"]),
            .init(status: 201, body: #"{"data":{"id":"1445880548472328192","text":"Winter blues"}}"#),
        ])
        let outcome = try await SocialConfiguration.publish(Self.post, with: x, http: s.http())
        #expect(outcome == .posted(remoteID: "1445880548472328192", url: "https://x.com/i/web/status/1445880548472328192"))
        let requests = try await s.requests()
        #expect(requests.count == 2, "the short rate limit was waited out and the post sent again")
        let request = requests[1]
        #expect(request.method == "POST" && request.path == "/2/tweets")
        #expect(request.header("Content-Type") == "application/json")
        let auth = request.header("Authorization") ?? ""
        #expect(auth.hasPrefix("OAuth ") && auth.contains(#"oauth_consumer_key="ck-key""#) && auth.contains(#"oauth_token="at-token""#)
                && auth.contains("oauth_signature=") && !auth.contains("cs-secret"))
        let text = request.json["text"] as? String ?? ""
        #expect(text == XPoster.text(for: Self.post))
        #expect(text.contains(Self.post.url) && text.hasSuffix("#SelfCare #Depression"))

        try await s.script("POST", "/2/tweets", [.init(status: 429, body: #"{"title":"Too Many Requests","status":429}"#, headers: ["x-rate-limit-reset": "{epoch+900}"])])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: x, http: s.http())
        } throws: { error in
            guard case SocialError.rateLimited(let network, let retryAt?, _) = error else { return false }
            return network == "X" && retryAt.timeIntervalSinceNow > 800 && "\(error)".contains("try again after")
        }

        try await s.script("POST", "/2/tweets", [.init(status: 401, body: #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: x, http: s.http())
        } throws: { error in
            "\(error)" == "X refused the credentials (HTTP 401: Unauthorized); renew NEWSLETTER_X_ACCESS_TOKEN and NEWSLETTER_X_ACCESS_TOKEN_SECRET."
        }

        try await s.script("POST", "/2/tweets", [.init(status: 403, body: #"{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}"#)])
        let duplicate = try await SocialConfiguration.publish(Self.post, with: x, http: s.http())
        #expect(duplicate == .duplicate(message: "You are not allowed to create a Tweet with duplicate content."))

        // An OAuth 2.0 user token goes as a bearer token.
        try await s.script("POST", "/2/tweets", [.init(status: 201, body: #"{"data":{"id":"7","text":"t"}}"#)])
        _ = try await SocialConfiguration.publish(Self.post, with: XPoster(base: s.base, credentials: .bearer("user-token-2")), http: s.http())
        #expect(try await s.requests().last?.header("Authorization") == "Bearer user-token-2")
    }

    // MARK: Facebook and WhatsApp (Graph API)

    @Test func facebookPostsToThePageFeedAndReadsGraphErrors() async throws {
        let s = try SocialServer()
        let facebook = FacebookPoster(base: s.base, version: "v23.0", pageID: "1234567890", token: "page-token-abc")
        try await s.script("POST", "/v23.0/1234567890/feed", [.init(status: 200, body: #"{"id":"1234567890_987654321"}"#)])
        let outcome = try await SocialConfiguration.publish(Self.post, with: facebook, http: s.http())
        #expect(outcome == .posted(remoteID: "1234567890_987654321", url: "https://www.facebook.com/1234567890_987654321"))
        let request = try await s.requests()[0]
        #expect(request.method == "POST" && request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.form["link"] == Self.post.url && request.form["access_token"] == "page-token-abc")
        #expect(request.form["message"] == Self.post.title + "\n\n" + Self.post.summary)

        func graphError(_ status: Int, _ code: Int, _ message: String) -> SocialServer.Reply {
            .init(status: status, body: #"{"error":{"message":"\#(message)","type":"OAuthException","code":\#(code),"fbtrace_id":"AbCdEf"}}"#)
        }
        try await s.script("POST", "/v23.0/1234567890/feed", [graphError(400, 190, "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST.")])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: facebook, http: s.http())
        } throws: { error in
            "\(error)".hasPrefix("Facebook refused the credentials (code 190: Error validating access token") && "\(error)".hasSuffix("renew NEWSLETTER_FACEBOOK_PAGE_TOKEN.")
        }
        for code in [4, 17, 32, 613] {
            try await s.script("POST", "/v23.0/1234567890/feed", [graphError(400, code, "Application request limit reached")])
            await #expect {
                _ = try await SocialConfiguration.publish(Self.post, with: facebook, http: s.http())
            } throws: { error in
                if case SocialError.rateLimited(network: "Facebook", _, _) = error { return true }
                return false
            }
        }
        try await s.script("POST", "/v23.0/1234567890/feed", [graphError(400, 506, "Duplicate status message")])
        #expect(try await SocialConfiguration.publish(Self.post, with: facebook, http: s.http()) == .duplicate(message: "Duplicate status message"))
    }

    @Test func whatsAppSendsOneTextWithPreviewToEachRecipient() async throws {
        let s = try SocialServer()
        let whatsapp = WhatsAppPoster(base: s.base, version: "v23.0", phoneNumberID: "106540352242922", token: "wa-token", recipients: ["+15551234567", "+15557654321"])
        try await s.script("POST", "/v23.0/106540352242922/messages", [.init(status: 200, body: #"{"messaging_product":"whatsapp","contacts":[{"input":"+15551234567","wa_id":"15551234567"}],"messages":[{"id":"wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI"}]}"#)])
        let outcome = try await SocialConfiguration.publish(Self.post, with: whatsapp, http: s.http())
        guard case .posted(let id, _) = outcome else { Issue.record("not posted: \(outcome)"); return }
        #expect(id == "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI,wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI")
        let requests = try await s.requests()
        #expect(requests.map { $0.json["to"] as? String } == ["+15551234567", "+15557654321"])
        #expect(requests[0].header("Authorization") == "Bearer wa-token")
        let text = requests[0].json["text"] as? [String: Any]
        #expect(text?["preview_url"] as? Bool == true && (text?["body"] as? String ?? "").hasSuffix(Self.post.url))
        #expect(requests[0].json["messaging_product"] as? String == "whatsapp" && requests[0].json["type"] as? String == "text")

        try await s.script("POST", "/v23.0/106540352242922/messages", [.init(status: 401, body: #"{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"fbtrace_id":"x"}}"#)])
        await #expect(throws: SocialError.self) { _ = try await SocialConfiguration.publish(Self.post, with: whatsapp, http: s.http()) }
    }

    // MARK: LinkedIn

    @Test func linkedInCreatesAnArticlePost() async throws {
        let s = try SocialServer()
        let linkedin = LinkedInPoster(base: s.base, version: "202511", token: "li-token", author: "urn:li:organization:5515715")
        try await s.script("POST", "/rest/posts", [.init(status: 201, body: "", headers: ["x-restli-id": "urn:li:share:6844785523593134080"])])
        let outcome = try await SocialConfiguration.publish(Self.post, with: linkedin, http: s.http())
        #expect(outcome == .posted(remoteID: "urn:li:share:6844785523593134080", url: "https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/"))
        let request = try await s.requests()[0]
        #expect(request.header("LinkedIn-Version") == "202511" && request.header("X-Restli-Protocol-Version") == "2.0.0")
        #expect(request.header("Authorization") == "Bearer li-token")
        let json = request.json
        #expect(json["author"] as? String == "urn:li:organization:5515715" && json["lifecycleState"] as? String == "PUBLISHED")
        let article = (json["content"] as? [String: Any])?["article"] as? [String: Any]
        #expect(article?["source"] as? String == Self.post.url && article?["title"] as? String == Self.post.title)
        #expect(article?["description"] as? String == Self.post.summary)
        // Little text: reserved characters escaped, hashtags as templates.
        #expect(json["commentary"] as? String == ##"Winter blues & you: 5 small steps \#1 + 🌤️ — Ça va?"## + "\n\n" + ##"{hashtag|\#|SelfCare} {hashtag|\#|Depression}"##)

        try await s.script("POST", "/rest/posts", [.init(status: 422, body: #"{"errorDetailType":"com.linkedin.common.error.BadRequest","message":"Content is a duplicate of urn:li:share:6844785523593134080","status":422}"#)])
        #expect(try await SocialConfiguration.publish(Self.post, with: linkedin, http: s.http())
                == .duplicate(message: "Content is a duplicate of urn:li:share:6844785523593134080"))
        try await s.script("POST", "/rest/posts", [.init(status: 401, body: #"{"serviceErrorCode":65600,"message":"Invalid access token","status":401}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: linkedin, http: s.http())
        } throws: { "\($0)" == "LinkedIn refused the credentials (HTTP 401: Invalid access token); renew NEWSLETTER_LINKEDIN_TOKEN." }
        try await s.script("POST", "/rest/posts", [.init(status: 429, body: #"{"message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached.","status":429}"#)])
        await #expect(throws: SocialError.self) { _ = try await SocialConfiguration.publish(Self.post, with: linkedin, http: s.http()) }
    }

    // MARK: Reddit

    @Test func redditGetsATokenThenSubmitsALink() async throws {
        let s = try SocialServer()
        let reddit = RedditPoster(base: s.base, clientID: "client-id", clientSecret: "client-secret", username: "harborlight", password: "pw-123", subreddit: "r/mentalhealth")
        try await s.script("POST", "/api/v1/access_token", [.init(status: 200, body: #"{"access_token":"tok-xyz","token_type":"bearer","expires_in":86400,"scope":"*"}"#)])
        try await s.script("POST", "/api/submit", [.init(status: 200, body: #"{"json":{"errors":[],"data":{"url":"https://www.reddit.com/r/mentalhealth/comments/1abcde/winter_blues/","drafts_count":0,"id":"1abcde","name":"t3_1abcde"}}}"#)])
        let outcome = try await SocialConfiguration.publish(Self.post, with: reddit, http: s.http())
        #expect(outcome == .posted(remoteID: "t3_1abcde", url: "https://www.reddit.com/r/mentalhealth/comments/1abcde/winter_blues/"))
        let requests = try await s.requests()
        #expect(requests.map(\.path) == ["/api/v1/access_token", "/api/submit"])
        #expect(requests[0].header("Authorization") == "Basic " + Data("client-id:client-secret".utf8).base64EncodedString())
        #expect(requests[0].form == ["grant_type": "password", "username": "harborlight", "password": "pw-123"])
        #expect(requests[1].header("Authorization") == "Bearer tok-xyz")
        #expect(requests.allSatisfy { $0.header("User-Agent") == "linux:newsletter:\(NewsletterVersion.number) (by /u/harborlight)" })
        let form = requests[1].form
        #expect(form["kind"] == "link" && form["sr"] == "mentalhealth" && form["url"] == Self.post.url && form["title"] == Self.post.title && form["api_type"] == "json")

        try await s.script("POST", "/api/submit", [.init(status: 200, body: #"{"json":{"errors":[["RATELIMIT","Looks like you've been doing that a lot. Take a break for 9 minutes before trying again.","ratelimit"]]}}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: reddit, http: s.http())
        } throws: { error in
            guard case SocialError.rateLimited("Reddit", let at?, _) = error else { return false }
            return abs(at.timeIntervalSinceNow - 540) < 30
        }
        try await s.script("POST", "/api/submit", [.init(status: 200, body: #"{"json":{"errors":[["ALREADY_SUB","that link has already been submitted","url"]]}}"#)])
        #expect(try await SocialConfiguration.publish(Self.post, with: reddit, http: s.http()) == .duplicate(message: "that link has already been submitted"))
        try await s.script("POST", "/api/v1/access_token", [.init(status: 200, body: #"{"error":"invalid_grant"}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: reddit, http: s.http())
        } throws: { "\($0)".hasPrefix("Reddit refused the credentials (token request: invalid_grant); renew NEWSLETTER_REDDIT_CLIENT_ID") }
    }

    // MARK: Mastodon

    @Test func mastodonPostsAStatusWithAnIdempotencyKey() async throws {
        let s = try SocialServer()
        let mastodon = MastodonPoster(base: s.base + "/", token: "md-token", language: "en")
        try await s.script("POST", "/api/v1/statuses", [.init(status: 200, body: #"{"id":"103254962155278888","created_at":"2026-11-29T10:00:00.000Z","url":"https://mastodon.example/@clinic/103254962155278888","visibility":"public"}"#)])
        let outcome = try await SocialConfiguration.publish(Self.post, with: mastodon, http: s.http())
        #expect(outcome == .posted(remoteID: "103254962155278888", url: "https://mastodon.example/@clinic/103254962155278888"))
        _ = try await SocialConfiguration.publish(Self.post, with: mastodon, http: s.http())
        let requests = try await s.requests()
        #expect(requests[0].header("Authorization") == "Bearer md-token")
        let key = requests[0].header("Idempotency-Key")
        #expect(key != nil && key == requests[1].header("Idempotency-Key"), "the same post always has the same key")
        #expect(requests[0].form["status"] == Self.post.title + "\n\n" + Self.post.url + "\n\n#SelfCare #Depression")
        #expect(requests[0].form["visibility"] == "public" && requests[0].form["language"] == "en")

        try await s.script("POST", "/api/v1/statuses", [.init(status: 401, body: #"{"error":"The access token is invalid"}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: mastodon, http: s.http())
        } throws: { "\($0)" == "Mastodon refused the credentials (HTTP 401: The access token is invalid); renew NEWSLETTER_MASTODON_TOKEN." }
        try await s.script("POST", "/api/v1/statuses", [.init(status: 429, body: #"{"error":"Too many requests"}"#, headers: ["X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"])])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: mastodon, http: s.http())
        } throws: { "\($0)" == "Mastodon is limiting the rate of posts (HTTP 429: Too many requests); try again after 2099-01-01 00:00:00 UTC." }
    }

    // MARK: Bluesky

    @Test func blueskyCreatesAPostWithALinkFacetAtByteOffsetsAndACard() async throws {
        let s = try SocialServer()
        let bluesky = BlueskyPoster(base: s.base, handle: "clinic.bsky.social", appPassword: "abcd-efgh-ijkl-mnop", language: "en")
        try await s.script("POST", "/xrpc/com.atproto.server.createSession", [.init(status: 200, body: #"{"accessJwt":"jwt-access","refreshJwt":"jwt-refresh","handle":"clinic.bsky.social","did":"did:plc:z72i7hdynmk6r22z27h6tvur"}"#)])
        try await s.script("POST", "/xrpc/com.atproto.repo.createRecord", [.init(status: 200, body: #"{"uri":"at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l","cid":"bafyreih"}"#)])
        let outcome = try await SocialConfiguration.publish(Self.post, with: bluesky, http: s.http())
        #expect(outcome == .posted(remoteID: "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l",
                                   url: "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l"))
        let requests = try await s.requests()
        #expect(requests[0].json["identifier"] as? String == "clinic.bsky.social" && requests[0].json["password"] as? String == "abcd-efgh-ijkl-mnop")
        #expect(requests[1].header("Authorization") == "Bearer jwt-access")
        #expect(requests[1].json["repo"] as? String == "did:plc:z72i7hdynmk6r22z27h6tvur" && requests[1].json["collection"] as? String == "app.bsky.feed.post")
        let record = requests[1].json["record"] as? [String: Any] ?? [:]
        let text = record["text"] as? String ?? ""
        let facet = (record["facets"] as? [[String: Any]])?.first
        let index = facet?["index"] as? [String: Int] ?? [:]
        let bytes = Array(text.utf8)
        let start = index["byteStart"] ?? 0, end = index["byteEnd"] ?? 0
        // The emoji and accents before the URL make byte and character offsets differ.
        #expect(start != text.distance(from: text.startIndex, to: text.range(of: "https://")!.lowerBound))
        #expect(String(decoding: bytes[start..<end], as: UTF8.self) == Self.post.url)
        #expect(((facet?["features"] as? [[String: Any]])?.first?["$type"] as? String) == "app.bsky.richtext.facet#link")
        let embed = record["embed"] as? [String: Any]
        #expect(embed?["$type"] as? String == "app.bsky.embed.external")
        #expect((embed?["external"] as? [String: Any])?["uri"] as? String == Self.post.url)
        #expect(record["langs"] as? [String] == ["en"] && record["createdAt"] is String)

        try await s.script("POST", "/xrpc/com.atproto.repo.createRecord", [.init(status: 400, body: #"{"error":"ExpiredToken","message":"Token has expired"}"#)])
        await #expect {
            _ = try await SocialConfiguration.publish(Self.post, with: bluesky, http: s.http())
        } throws: { "\($0)" == "Bluesky refused the credentials (ExpiredToken: Token has expired); renew NEWSLETTER_BLUESKY_APP_PASSWORD." }
    }

    // MARK: Dry run

    @Test func aDryRunPrintsTheRequestsWithoutSecretsAndSendsNothing() async throws {
        let s = try SocialServer()
        final class Printed: @unchecked Sendable { var text = "" }
        let printed = Printed()
        let http = s.http(dryRun: true) { printed.text += $0 + "\n" }
        let reddit = RedditPoster(base: s.base, clientID: "client-id", clientSecret: "client-secret", username: "harborlight", password: "pw-123", subreddit: "mentalhealth")
        let outcome = try await SocialConfiguration.publish(Self.post, with: reddit, http: http)
        guard case .posted = outcome else { Issue.record("\(outcome)"); return }
        _ = try await SocialConfiguration.publish(Self.post, with: XPoster(base: s.base, credentials: .oauth1(Self.oauth)), http: http)
        #expect(try await s.requests().isEmpty)
        #expect(printed.text.contains("POST \(s.base)/api/v1/access_token\n") && printed.text.contains("POST \(s.base)/api/submit\n"))
        #expect(printed.text.contains("POST \(s.base)/2/tweets\n") && printed.text.contains("kind=link"))
        for secret in ["client-secret", "pw-123", "cs-secret", "ats-secret"] { #expect(!printed.text.contains(secret), "\(secret) was printed") }
    }
}
