import Foundation
import TestProcesses
import Testing

/// Announcements, cadences and pauses over a feed the test writes, through the outbox:
/// who gets which email, run by run.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct CadenceTests {
    /// Four posts: A (Nov 24), B (Nov 26), D (Nov 30) and C (Dec 3), 10:00 UTC.
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Clinic Blog</title><link>https://blog.clinic.example/</link><description>d</description>
        <item><title>Post C</title><link>https://blog.clinic.example/c/</link><guid>c</guid><pubDate>Thu, 03 Dec 2026 10:00:00 GMT</pubDate>
          <description>About C.</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>C in full, with <a href="/more/">a link</a>.</p>]]></content:encoded></item>
        <item><title>Post D</title><link>https://blog.clinic.example/d/</link><guid>d</guid><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><description>About D.</description></item>
        <item><title>Post B</title><link>https://blog.clinic.example/b/</link><guid>b</guid><pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate><description>About B.</description></item>
        <item><title>Post A</title><link>https://blog.clinic.example/a/</link><guid>a</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>About A.</description></item>
        </channel></rss>
        """

    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cadence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.feed.utf8).write(to: dir.appendingPathComponent("feed.xml"))
    }

    func run(_ arguments: [String], at now: String) throws -> CLIRunner.Result {
        let env = ["NEWSLETTER_NOW": now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FEED": "feed.xml", "NEWSLETTER_NAME": "Clinic",
                   "NEWSLETTER_FROM": "Clinic <news@clinic.example>", "NEWSLETTER_BASE_URL": "https://news.clinic.example"]
        let result = try CLIRunner.run(arguments, environment: env, in: dir)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    /// Every email in the outbox so far, as (recipient, subject), in no order.
    func mail() throws -> [(to: String, subject: String)] {
        let folder = dir.appendingPathComponent("Outbox/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let head = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
            let to = head.first { $0.hasPrefix("To: ") }.map { String($0.dropFirst(4)) } ?? ""
            let subject = head.first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) } ?? ""
            return (to.components(separatedBy: "<").last!.replacingOccurrences(of: ">", with: ""), subject)
        }
    }

    @Test func eachPostOnceToThoseWhoWantItAndDigestsWithoutWhatTheyHad() throws {
        // w weekly; e each; s each for A only; t each for A and B; p weekly and paused; late
        // confirmed after A came out.
        let start = "2026-11-20T09:00:00Z"
        for (who, cadence) in [("w", "weekly"), ("e", "each"), ("s", "each"), ("t", "each"), ("p", "weekly")] {
            _ = try run(["subscribers", "add", "\(who)@example.org", "--confirmed", "--cadence", cadence], at: start)
        }
        // A: announced once to the `each` subscribers, however often cron runs.
        let first = try run(["send", "--new-posts"], at: "2026-11-24T12:00:00Z")
        #expect(first.stdout.contains("Announcing \"Clinic: Post A\""), "\(first.stdout)")
        #expect(try run(["send", "--new-posts"], at: "2026-11-24T12:30:00Z").stdout == "No new post to announce (none of the last 2 days is unannounced).\n")
        var mail = Dictionary(grouping: try self.mail(), by: \.to).mapValues { $0.map(\.subject).sorted() }
        #expect(mail == ["e@example.org": ["Clinic: Post A"], "s@example.org": ["Clinic: Post A"], "t@example.org": ["Clinic: Post A"]], "\(mail)")

        _ = try run(["subscribers", "set", "s@example.org", "--cadence", "weekly"], at: "2026-11-25T08:00:00Z")
        _ = try run(["subscribers", "add", "late@example.org", "--confirmed", "--cadence", "each"], at: "2026-11-25T09:00:00Z")
        _ = try run(["subscribers", "set", "p@example.org", "--pause-until", "2026-12-01"], at: "2026-11-25T09:00:00Z")
        // late2 confirms a quarter of an hour after B came out: B never reaches them.
        _ = try run(["subscribers", "add", "late2@example.org", "--confirmed", "--cadence", "each"], at: "2026-11-26T10:15:00Z")
        // B: to e, t and late (who confirmed before B came out); A never reaches late.
        for time in ["2026-11-26T10:30:00Z", "2026-11-26T11:00:00Z", "2026-11-27T08:00:00Z"] { _ = try run(["send", "--new-posts"], at: time) }
        _ = try run(["subscribers", "set", "t@example.org", "--cadence", "weekly"], at: "2026-11-27T08:30:00Z")

        // The digest of A and B: w gets both; s (who had A) gets B alone; t (who had both)
        // gets none; each subscribers get none; p is paused.
        let digest = try run(["send", "--weekly"], at: "2026-11-27T09:00:00Z")
        #expect(digest.stdout.contains("(issue 2026-11-27, 2 posts) to 2 confirmed subscribers"), "\(digest.stdout)")
        mail = Dictionary(grouping: try self.mail(), by: \.to).mapValues { $0.map(\.subject).sorted() }
        #expect(mail == [
            "e@example.org": ["Clinic: Post A", "Clinic: Post B"],
            "s@example.org": ["Clinic: Post A", "Clinic: Post B"],
            "t@example.org": ["Clinic: Post A", "Clinic: Post B"],
            "late@example.org": ["Clinic: Post B"],
            "w@example.org": ["Clinic: Post B and 1 more"],
        ], "\(mail)")
        // s's digest holds only B (and says so in its subject and body).
        let sDigest = try sCopy(containing: "Post B", to: "s@example.org", kind: "digest-2026-11-27")
        #expect(sDigest.contains("Post B") && !sDigest.contains("Post A"))

        // The pause ends by itself on December 1; D is too old to announce by December 4;
        // C is announced to e and late only.
        let later = try run(["send", "--new-posts"], at: "2026-12-04T09:00:00Z")
        #expect(later.stdout.contains("Announcing \"Clinic: Post C\"") && !later.stdout.contains("Post D"), "\(later.stdout)")
        let next = try run(["send", "--weekly"], at: "2026-12-07T09:00:00Z")
        #expect(next.stdout.contains("2 posts) to 4 confirmed subscribers"), "\(next.stdout)")
        mail = Dictionary(grouping: try self.mail(), by: \.to).mapValues { $0.map(\.subject).sorted() }
        #expect(mail["p@example.org"] == ["Clinic: Post C and 1 more"], "\(mail)")
        #expect(mail["e@example.org"] == ["Clinic: Post A", "Clinic: Post B", "Clinic: Post C"], "\(mail)")
        #expect(mail["late@example.org"] == ["Clinic: Post B", "Clinic: Post C"], "\(mail)")
        #expect(mail["late2@example.org"] == ["Clinic: Post C"], "\(mail)")
        #expect(mail["w@example.org"] == ["Clinic: Post B and 1 more", "Clinic: Post C and 1 more"], "\(mail)")

        // The pause and its end are in p's consent log; cadence and pause in the JSON.
        let show = try run(["subscribers", "show", "p@example.org", "--json"], at: "2026-12-07T10:00:00Z")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(json["cadence"] as? String == "weekly" && json["paused_until"] is NSNull)
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String } == ["subscribe", "pause", "pause-ended"], "\(events)")
        #expect(events.last?["at"] as? String == "2026-12-01T00:00:00Z" && events.last?["source"] as? String == "schedule")
        let list = try run(["subscribers", "list", "--json"], at: "2026-12-07T10:00:00Z")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0["email"] as! String, $0["cadence"] as! String) })
                == ["w@example.org": "weekly", "e@example.org": "each", "s@example.org": "weekly", "t@example.org": "weekly",
                    "p@example.org": "weekly", "late@example.org": "each", "late2@example.org": "each"])
    }

    /// The outbox copy to `to` whose text holds `kind` (the UTM campaign names the issue).
    func sCopy(containing title: String, to: String, kind: String) throws -> String {
        let folder = dir.appendingPathComponent("Outbox/new")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if text.contains("To: \(to)") || text.contains("<\(to)>"), text.contains(kind) { return text }
        }
        Issue.record("no copy to \(to) with \(kind)")
        return ""
    }

    @Test func sendPostAnnouncesToEveryoneOnceAndKeepsItOutOfDigests() throws {
        for (who, cadence) in [("w", "weekly"), ("e", "each")] {
            _ = try run(["subscribers", "add", "\(who)@example.org", "--confirmed", "--cadence", cadence], at: "2026-11-20T09:00:00Z")
        }
        let dry = try run(["send", "--post", "https://blog.clinic.example/b", "--dry-run"], at: "2026-11-27T08:00:00Z")
        #expect(dry.stdout == "Dry run: \"Clinic: Post B\" would go to 2 confirmed subscribers; nothing was sent.\n")
        let sent = try run(["send", "--post", "https://blog.clinic.example/b/"], at: "2026-11-27T08:00:00Z")
        #expect(sent.stdout.contains("Announcing \"Clinic: Post B\" (issue 2026-11-27) to 2 confirmed subscribers."), "\(sent.stdout)")
        let again = try run(["send", "--post", "https://blog.clinic.example/b/"], at: "2026-11-27T08:10:00Z")
        #expect(again.stdout == "\"Post B\" was announced already, and every confirmed subscriber it is for has it; nothing to send.\n")
        // B is in nobody's digest now; --new-posts does not announce it again.
        let digest = try run(["send", "--weekly"], at: "2026-11-27T09:00:00Z")
        #expect(digest.stdout.contains("\"Clinic: Post A\" (issue 2026-11-27-2, 1 post) to 1 confirmed subscriber."), "\(digest.stdout)")
        #expect(try run(["send", "--new-posts"], at: "2026-11-27T10:00:00Z").stdout.hasPrefix("No new post to announce"))
        let mail = Dictionary(grouping: try self.mail(), by: \.to).mapValues { $0.map(\.subject).sorted() }
        #expect(mail == ["w@example.org": ["Clinic: Post A", "Clinic: Post B"], "e@example.org": ["Clinic: Post B"]], "\(mail)")
        // An unknown post is one sentence; two modes at once are bad usage.
        let bad = try CLIRunner.run(["send", "--post", "https://blog.clinic.example/nope/"], environment: ["NEWSLETTER_FEED": "feed.xml"], in: dir)
        #expect(bad.status == 1 && bad.stderr == "error: The post https://blog.clinic.example/nope/ is not in the feed feed.xml; give a URL that newsletter posts lists, or use --latest.\n")
        let both = try CLIRunner.run(["send", "--post", "x", "--new-posts"], in: dir)
        #expect(both.status == 64)
    }

    @Test func previewRendersAnAnnouncement() throws {
        let r = try run(["preview", "--post", "https://blog.clinic.example/c/", "--out", "p"], at: "2026-12-03T12:00:00Z")
        #expect(r.stdout == "Rendered \"Clinic: Post C\" with 1 post to p/announcement.html, announcement.txt and announcement.eml.\n")
        let text = try String(contentsOf: dir.appendingPathComponent("p/announcement.txt"), encoding: .utf8)
        #expect(text.contains("C in full, with a link [2].") && text.contains("[2] https://blog.clinic.example/more/?utm_source=newsletter&utm_medium=email&utm_campaign=post-2026-12-03"), "\(text)")
        #expect(text.contains("How often you hear from us, or a pause: ["))
    }
}
