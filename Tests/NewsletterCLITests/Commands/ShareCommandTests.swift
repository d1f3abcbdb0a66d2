import Foundation
import TestProcesses
import Testing

/// `newsletter share`: links from the sample feed, and posting once per post and network
/// against the recording server of `Tests/PythonHelpers/social_server.py`.
@Suite(.serialized) struct ShareCommandTests {
    static let latestURL = "https://www.harborlightclinic.example/blog/holiday-stress-survival-guide/"

    static func env(_ extra: [String: String] = [:]) -> [String: String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("share-\(UUID().uuidString)")
        return ["NEWSLETTER_DB": dir.appendingPathComponent("n.sqlite").path, "NEWSLETTER_NOW": "2026-11-27T09:00:00Z"].merging(extra) { $1 }
    }

    @Test func linksAsJSONTextAndHTML() throws {
        let env = Self.env()
        let json = try CLIRunner.run(["share", "--latest", "--format", "json"], environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["url"] as? String == Self.latestURL && object["title"] as? String == "A Gentle Guide to Holiday Stress")
        let links = try #require(object["links"] as? [String: String])
        for key in ["facebook", "x", "linkedin", "reddit", "whatsapp", "bluesky", "threads", "telegram", "hackernews", "pinterest", "email"] {
            #expect(links[key] != nil, "no \(key) link")
        }
        #expect(links["mastodon"] == nil, "no instance configured")

        let text = try CLIRunner.run(["share", Self.latestURL.replacingOccurrences(of: "/guide/", with: "/guide"), "--networks", "facebook,twitter"], environment: env)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("A Gentle Guide to Holiday Stress\n\(Self.latestURL)\n\nfacebook  https://www.facebook.com/sharer/sharer.php?u="))
        #expect(text.stdout.contains("\nx         https://x.com/intent/tweet?text=A%20Gentle%20Guide"))

        let html = try CLIRunner.run(["share", "--latest", "--format", "html", "--networks", "facebook,x,linkedin,reddit,whatsapp"], environment: env)
        #expect(html.stdout.hasPrefix("<nav class=\"nl-share\"") && html.stdout.components(separatedBy: "<li>").count == 6)
    }

    @Test func badInputIsOneSentence() throws {
        let env = Self.env()
        let unknown = try CLIRunner.run(["share", "--latest", "--networks", "x,myspace"], environment: env)
        #expect(unknown.status == 64 && unknown.stderr.contains("The network 'myspace' is not known"))
        let missing = try CLIRunner.run(["share", "https://elsewhere.example/post"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: The post https://elsewhere.example/post is not in the feed"))
        let none = try CLIRunner.run(["share"], environment: env)
        #expect(none.status == 64 && none.stderr.contains("Name a post: give its URL, or use --latest or --new."))
        let unconfigured = try CLIRunner.run(["share", "--latest", "--post"], environment: env)
        #expect(unconfigured.status == 1 && unconfigured.stderr.contains("No network is configured for posting"))
        let cron = try CLIRunner.run(["share", "--new", "--post"], environment: env)
        #expect(cron.status == 0 && cron.stdout == "No network is configured for posting; nothing to share.\n", "cron stays quiet without social accounts")
        let half = try CLIRunner.run(["share", "--latest", "--post"], environment: Self.env(["NEWSLETTER_REDDIT_CLIENT_ID": "id"]))
        #expect(half.status == 1)
        #expect(half.stderr.contains("Reddit is not configured for posting: set NEWSLETTER_REDDIT_CLIENT_SECRET, NEWSLETTER_REDDIT_USERNAME, NEWSLETTER_REDDIT_PASSWORD, NEWSLETTER_REDDIT_SUBREDDIT."))
    }

    @Test func postsOncePerPostAndNetworkAndOneFailureDoesNotStopTheOthers() async throws {
        let server = try SocialServer()
        try await server.script("POST", "/api/v1/statuses", [.init(status: 200, body: #"{"id":"109","url":"https://mastodon.example/@clinic/109"}"#)])
        try await server.script("POST", "/2/tweets", [.init(status: 401, body: #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)])
        let env = Self.env([
            "NEWSLETTER_MASTODON_API_BASE": server.base, "NEWSLETTER_MASTODON_TOKEN": "mastodon-secret-token",
            "NEWSLETTER_X_API_BASE": server.base, "NEWSLETTER_X_BEARER_TOKEN": "x-secret-token",
        ])

        let dry = try CLIRunner.run(["share", "--latest", "--post", "--dry-run"], environment: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("POST \(server.base)/api/v1/statuses\n") && dry.stdout.contains("POST \(server.base)/2/tweets\n"))
        #expect(dry.stdout.contains("Authorization: Bearer [secret]") && !dry.stdout.contains("secret-token"))
        #expect(try await server.requests().isEmpty)

        let first = try CLIRunner.run(["share", "--latest", "--post"], environment: env)
        #expect(first.status == 1)
        #expect(first.stdout.contains("Mastodon: posted \"A Gentle Guide to Holiday Stress\" at https://mastodon.example/@clinic/109."))
        #expect(first.stderr.contains("error: X refused the credentials (HTTP 401: Unauthorized); renew NEWSLETTER_X_BEARER_TOKEN."))
        #expect(!first.stderr.contains("x-secret-token"))

        let second = try CLIRunner.run(["share", "--latest", "--post"], environment: env)
        #expect(second.stdout.contains("Mastodon: already posted \"A Gentle Guide to Holiday Stress\" on "))
        #expect(second.status == 1, "X still fails")
        var statuses = try await server.requests().filter { $0.path == "/api/v1/statuses" }
        #expect(statuses.count == 1)
        #expect(statuses[0].form["status"]?.contains(Self.latestURL) == true)

        let forced = try CLIRunner.run(["share", "--latest", "--post", "--force", "--networks", "mastodon"], environment: env)
        #expect(forced.status == 0, "\(forced.stderr)")
        statuses = try await server.requests().filter { $0.path == "/api/v1/statuses" }
        #expect(statuses.count == 2)
        #expect(statuses[0].header("Idempotency-Key") != statuses[1].header("Idempotency-Key"), "a forced repost is a new request to Mastodon")
    }

    @Test func newPostsAreSharedOldestFirstAndOnlyOnce() async throws {
        let server = try SocialServer()
        try await server.script("POST", "/api/v1/statuses", [.init(status: 200, body: #"{"id":"1","url":"https://mastodon.example/@clinic/1"}"#)])
        let env = Self.env(["NEWSLETTER_MASTODON_API_BASE": server.base, "NEWSLETTER_MASTODON_TOKEN": "t0ken-md"])
        let run = try CLIRunner.run(["share", "--new", "--since", "10d", "--post"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        let posted = try await server.requests().compactMap { $0.form["status"] }
        #expect(posted.count == 2)
        #expect(posted.first?.contains("/blog/just-calm-down/") == true && posted.last?.contains("/blog/holiday-stress-survival-guide/") == true)
        let again = try CLIRunner.run(["share", "--new", "--since", "10d", "--post"], environment: env)
        #expect(again.status == 0 && again.stdout.components(separatedBy: "already posted").count == 3)
        #expect(try await server.requests().count == 2)
    }
}
