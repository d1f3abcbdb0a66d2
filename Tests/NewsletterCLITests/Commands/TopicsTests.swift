import Foundation
import NewsletterCore
import TestProcesses
import Testing

/// Topics end to end: readers who follow different topics get a digest of their topics'
/// posts (and those in none), through a `kill -9` in the middle of the send and the rerun,
/// on SQLite and on PostgreSQL; and the commands and columns SPEC.md's "Topics" fixes.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct TopicsTests {
    static let config = """
        [topic.anxiety]
        title = "Anxiety"
        description = "Worry, panic, and the skills that help"
        categories = ["ANXIETY", "Skills"]

        [topic.family]
        title = "Families"
        categories = ["Family & Friends", "Teens"]

        [topic.care]
        title = "Self-care"
        categories = ["Self-Care", "Sleep", "Burnout"]

        """

    /// The topic keys a post's categories put it in, read as a person would (case ignored).
    static let topicCategories: [String: Set<String>] = [
        "anxiety": ["anxiety", "skills"], "family": ["family & friends", "teens"], "care": ["self-care", "sleep", "burnout"],
    ]

    /// The choices the readers make, by their number modulo 5 ("" is every topic).
    static let choices = ["anxiety", "family;care", "", "care", "anxiety;family"]

    func directory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.config.utf8).write(to: dir.appendingPathComponent("newsletter.toml"))
        return dir
    }

    @Test func aDigestCarriesEachReadersTopicsThroughAKillOnSQLite() async throws {
        let dir = try directory("topics-sqlite")
        try await sendWithAKill(dir: dir, database: dir.appendingPathComponent("subscribers.sqlite").path)
    }

    @Test(.enabled(if: PostgresServer.available || ProcessInfo.processInfo.environment["CI"] != nil, "needs Debian's postgresql"))
    func aDigestCarriesEachReadersTopicsThroughAKillOnPostgreSQL() async throws {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        let dir = try directory("topics-pg")
        try await sendWithAKill(dir: dir, database: try server.freshDatabase(prefix: "topics"))
    }

    func sendWithAKill(dir: URL, database: String) async throws {
        let smtp = try SMTPServer()
        let count = 1000
        var csv = "email,name,topics\n"
        for i in 0..<count { csv += "t\(i)@example.net,T \(i),\(Self.choices[i % Self.choices.count])\n" }
        csv += "bad@example.net,Bad,anxiety;nope\n"
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        let env = ["NEWSLETTER_DB": database, "NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef",
                   "NEWSLETTER_SMTP_URL": smtp.url, "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>",
                   "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example", "NEWSLETTER_LEASE_SECONDS": "4"]
        let imported = try await offPool { try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir) }
        #expect(imported.stdout.hasPrefix("Imported \(count) new subscribers"), "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stderr.contains("line \(count + 2): the topics column: 'nope' is not a topic"), "\(imported.stderr)")

        // The posts of the digest and their categories, as `posts --json` gives them.
        let listed = try await offPool { try CLIRunner.run(["posts", "--since", "30d", "--json"], environment: env, in: dir) }
        let posts = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let titles = posts.compactMap { $0["title"] as? String }
        func topics(of post: [String: Any]) -> Set<String> {
            let categories = Set(((post["categories"] as? [String]) ?? []).map { $0.lowercased() })
            return Set(Self.topicCategories.filter { !$0.value.isDisjoint(with: categories) }.keys)
        }
        #expect(Set(posts.map(topics(of:))).count >= 3, "the feed's posts should fall in several topics and in none")

        // The send is killed once copies flow, then run again to the end.
        let send = ["send", "--since", "30d", "--concurrency", "4"]
        let first = try await offPool { () -> (String, Bool) in
            let process = Process()
            process.executableURL = BuiltBinary.newsletter
            process.arguments = send
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(env) { $1 }
            process.currentDirectoryURL = dir
            let out = dir.appendingPathComponent("first.txt")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            let handle = try FileHandle(forWritingTo: out)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, smtp.count < 100, process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
            let killed = process.isRunning
            if killed { kill(process.processIdentifier, SIGKILL) }
            Poll.exit(of: process)
            try handle.close()
            return ((try? String(contentsOf: out, encoding: .utf8)) ?? "", killed)
        }
        #expect(first.1, "the first send ended before the kill: \(first.0)")
        let second = try await offPool { try CLIRunner.run(send, environment: env, in: dir) }
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        var inFlight = Set<String>()
        for line in (first.0 + second.stdout + second.stderr).split(separator: "\n") where line.contains("in flight when the earlier send stopped") {
            inFlight.formUnion(line.components(separatedBy: "not sent again: ").last!.components(separatedBy: ", "))
        }

        // Each copy holds exactly its reader's topics' posts and the posts in none.
        let messages = try smtp.messages()
        let recipients = messages.map(\.recipient)
        #expect(Set(recipients).count == recipients.count, "duplicates: \(recipients.count - Set(recipients).count)")
        let missing = Set((0..<count).map { "t\($0)@example.net" }).subtracting(recipients)
        #expect(missing.isSubset(of: inFlight), "missing without a report: \(missing.subtracting(inFlight).sorted().prefix(5))")
        var wrong: [String] = []
        var sizes = Set<Int>()
        for message in messages {
            guard let number = Int(message.recipient.dropFirst().prefix { $0 != "@" }) else { continue }
            let followed = Set(Self.choices[number % Self.choices.count].split(separator: ";").map(String.init))
            let expected = Set(posts.filter { post in
                let keys = topics(of: post)
                return followed.isEmpty || keys.isEmpty || !keys.isDisjoint(with: followed)
            }.compactMap { $0["title"] as? String })
            let text = MailPart.parse(message.data).first("text/plain")?.text ?? ""
            let found = Set(titles.filter { text.contains($0) })
            sizes.insert(found.count)
            if found != expected { wrong.append("\(message.recipient): \(found.sorted()) is not \(expected.sorted())") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) copies hold the wrong posts: \(wrong.prefix(3))")
        // The readers of the three choices that leave posts out got variants: more than one rendering.
        #expect(sizes.count >= 2, "\(sizes)")
        // Run again: nothing more to send.
        let again = try await offPool { try CLIRunner.run(send, environment: env, in: dir) }
        #expect(!again.stdout.contains("Sent "), "\(again.stdout)")
        #expect(try smtp.messages().count == messages.count)
    }

    /// `topics`, `subscribers add|set --topics`, `show` and `export`, an announcement to its
    /// topic's readers, and one clear sentence for a bad key.
    @Test func commandsAndAnAnnouncementFollowTopics() async throws {
        let dir = try directory("topics-cli")
        let smtp = try SMTPServer()
        let env = ["NEWSLETTER_DB": dir.appendingPathComponent("s.sqlite").path, "NEWSLETTER_NOW": "2026-11-27T09:00:00Z",
                   "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_SMTP_URL": smtp.url,
                   "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>", "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example"]
        func run(_ arguments: [String]) async throws -> CLIRunner.Result {
            try await offPool { try CLIRunner.run(arguments, environment: env, in: dir) }
        }
        let listed = try await run(["topics", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any], "\(listed.stdout)\(listed.stderr)")
        let rows = try #require(json["topics"] as? [[String: Any]])
        #expect(rows.map { $0["key"] as? String } == ["anxiety", "family", "care"])
        #expect(rows.allSatisfy { ($0["posts_90_days"] as? Int ?? 0) > 0 }, "\(rows)")
        #expect(!((json["unmatched_categories"] as? [String]) ?? []).isEmpty)
        #expect((try await run(["topics"])).stdout.contains("anxiety: Anxiety - "))

        #expect((try await run(["subscribers", "add", "ann@example.net", "--confirmed", "--topics", "family"])).status == 0)
        #expect((try await run(["subscribers", "add", "bob@example.net", "--confirmed", "--topics", "care,anxiety"])).status == 0)
        #expect((try await run(["subscribers", "add", "cy@example.net", "--confirmed"])).status == 0)
        let bad = try await run(["subscribers", "set", "cy@example.net", "--topics", "sports"])
        #expect(bad.status == 1 && bad.stderr.contains("'sports' is not a topic; the topics are anxiety, family, care"), "\(bad.stderr)")
        let set = try await run(["subscribers", "set", "cy@example.net", "--topics", "anxiety,family,care"])
        #expect(set.stdout.contains("all topics"), "\(set.stdout)")
        let shown = try await run(["subscribers", "show", "bob@example.net", "--json"])
        #expect(shown.stdout.contains("\"topics\":[\"anxiety\",\"care\"]") || shown.stdout.contains("\"anxiety\",\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("all topics → anxiety,care"), "the consent log: \(shown.stdout)")
        let exported = try await run(["subscribers", "export"])
        #expect(exported.stdout.hasPrefix("email,name,status,created,confirmed,topics,attributes\n"))
        #expect(exported.stdout.contains("bob@example.net,,confirmed,") && exported.stdout.contains(",anxiety;care,"), "\(exported.stdout)")

        // The newest post goes to its topics' readers and to those who follow every topic.
        #expect((try await run(["subscribers", "set", "bob@example.net", "--topics", "care"])).status == 0)
        let newest = try #require((try JSONSerialization.jsonObject(with: Data((try await run(["posts", "--json", "--limit", "1"])).stdout.utf8)) as? [[String: Any]])?.first)
        let categories = Set(((newest["categories"] as? [String]) ?? []).map { $0.lowercased() })
        let postTopics = Set(Self.topicCategories.filter { !$0.value.isDisjoint(with: categories) }.keys)
        #expect(!postTopics.isEmpty, "the newest sample post is in a topic")
        let followers: [String: Set<String>] = ["ann@example.net": ["family"], "bob@example.net": ["care"], "cy@example.net": []]
        let expected = Set(followers.filter { $0.value.isEmpty || !$0.value.isDisjoint(with: postTopics) }.keys)
        #expect(expected.count < 3, "one reader does not follow the newest post's topics")
        let announced = try await run(["send", "--latest"])
        #expect(announced.status == 0, "\(announced.stdout)\(announced.stderr)")
        #expect(Set(try smtp.messages().map(\.recipient)) == expected)
        let report = try await run(["report", "--json"])
        #expect(report.stdout.contains("\"topics\""), "\(report.stdout)")
    }
}
