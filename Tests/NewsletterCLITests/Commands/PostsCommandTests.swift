import Foundation
import TestProcesses
import Testing

@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct PostsCommandTests {
    let now = ["NEWSLETTER_NOW": "2026-11-29T00:00:00Z"]

    @Test func defaultsToTheBundledSampleBlog() throws {
        let r = try CLIRunner.run(["posts"], environment: now)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "2026-11-26  A Gentle Guide to Holiday Stress")
        #expect(r.stdout.components(separatedBy: "https://www.harborlightclinic.example/blog/").count - 1 == 12)
        // Years later the sample still reads as a live blog: its newest post within the past week.
        let later = try CLIRunner.run(["posts", "--since", "7d"], environment: ["NEWSLETTER_NOW": "2031-06-05T09:00:00Z"])
        #expect(later.stdout.hasPrefix("2031-05-29  A Gentle Guide to Holiday Stress\n"), "\(later.stdout)")
        #expect(later.stdout.components(separatedBy: "https://").count == 2, "one post in the past week: \(later.stdout)")
    }

    @Test func jsonHasTheContractFieldsInOrder() throws {
        let r = try CLIRunner.run(["posts", "--json", "--since", "2026-11-15", "--limit", "5"], environment: now)
        #expect(r.status == 0)
        let posts = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(posts.count == 2)
        #expect(posts[0]["title"] as? String == "A Gentle Guide to Holiday Stress")
        #expect(posts[0]["published"] as? String == "2026-11-26T14:00:00Z")
        #expect(posts[0]["updated"] is NSNull)
        #expect(posts[1]["title"] as? String == "\u{201C}Just Calm Down\u{201D} & Other Things Not to Say to Someone With Anxiety")
        let keys = ["id", "title", "url", "published", "updated", "author", "summary", "categories", "image"]
        let firstObject = r.stdout.components(separatedBy: "\n  },")[0]
        let positions = keys.map { firstObject.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func sinceTakesDurationsRelativeToNow() throws {
        let r = try CLIRunner.run(["posts", "--since", "7d", "--json"], environment: now)
        let posts = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(posts.map { $0["id"] as? String } == ["harborlight-holiday-stress-survival-guide"])
    }

    @Test(arguments: [["posts", "--limit", "0"], ["posts", "--since", "someday"], ["posts", "--bogus"]])
    func badUsageExits64WithOneSentence(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("Error: "))
    }

    @Test func aFileThatIsNotAFeedFailsWithOneSentenceNamingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("<html><body>hello</body></html>".utf8).write(to: dir.appendingPathComponent("page.html"))
        let r = try CLIRunner.run(["posts", "--feed", "page.html"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: The document at page.html is not a feed (RSS, Atom, JSON Feed or WordPress posts): it is an HTML page.\n")
        let missing = try CLIRunner.run(["posts", "--feed", "nope.xml"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: The feed file nope.xml cannot be read: no such file.\n")
    }

    @Test func flagBeatsEnvironmentBeatsConfigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func feed(_ title: String) -> Data {
            Data("<rss version=\"2.0\"><channel><item><title>\(title)</title><link>https://x.example/\(title)</link></item></channel></rss>".utf8)
        }
        try feed("from-config").write(to: dir.appendingPathComponent("config.xml"))
        try feed("from-env").write(to: dir.appendingPathComponent("env.xml"))
        try feed("from-flag").write(to: dir.appendingPathComponent("flag.xml"))
        try Data("feed = \"config.xml\"\n".utf8).write(to: dir.appendingPathComponent("newsletter.toml"))
        #expect(try CLIRunner.run(["posts"], in: dir).stdout.contains("from-config"))
        #expect(try CLIRunner.run(["posts"], environment: ["NEWSLETTER_FEED": "env.xml"], in: dir).stdout.contains("from-env"))
        #expect(try CLIRunner.run(["posts", "--feed", "flag.xml"], environment: ["NEWSLETTER_FEED": "env.xml"], in: dir).stdout.contains("from-flag"))
        try Data("feed = \n".utf8).write(to: dir.appendingPathComponent("bad.toml"))
        let bad = try CLIRunner.run(["posts", "--config", "bad.toml"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr == "error: The config file bad.toml has an error on line 1: the value of 'feed' is not a string, number, boolean or array.\n")
    }

    @Test func illFormedFeedsWarnOnStderrAndStillList() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("<rss><channel><item><title>Kept</title><link>https://x.example/k</link><pubDate>not a date</pubDate></item><item><title>Cut".utf8)
            .write(to: dir.appendingPathComponent("f.xml"))
        let r = try CLIRunner.run(["posts", "--feed", "f.xml"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("Kept"))
        #expect(r.stderr.contains("warning: f.xml: line 1, item 1: the published date 'not a date' is not a date; it was left out"))
    }

    @Test func helpExplainsWithAnExample() throws {
        let r = try CLIRunner.run(["posts", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Examples:"))
        #expect(r.stdout.contains("--since"))
    }
}
