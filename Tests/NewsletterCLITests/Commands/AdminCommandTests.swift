import Foundation
import TestProcesses
import Testing

/// `newsletter admin` from the shell, and the console end to end in headless Chromium.
@Suite struct AdminCommandTests {
    func env(_ dir: URL) -> [String: String] {
        ["NEWSLETTER_DB": dir.appendingPathComponent("n.sqlite").path, "NEWSLETTER_BASE_URL": "https://news.clinic.example/",
         "NEWSLETTER_SECRET": "admin-test-secret-0123456789abcdef0123"]
    }

    @Test func usersAreAddedListedResetAndRemovedFromTheShell() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)")
        func cli(_ arguments: [String]) throws -> CLIRunner.Result { try CLIRunner.run(["admin"] + arguments, environment: env(dir), in: dir) }
        let added = try cli(["add", "Director@Clinic.Example", "--role", "owner"])
        #expect(added.status == 0 && added.stdout.hasPrefix("Added director@clinic.example (owner)."), "\(added.stderr)")
        let link = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        #expect(link.hasPrefix("https://news.clinic.example/admin/setup/") && link.count > 80)
        #expect(try cli(["add", "helper@clinic.example"]).stdout.contains("(editor)"))
        let again = try cli(["add", "director@clinic.example"])
        #expect(again.status == 1 && again.stderr.contains("already has a user director@clinic.example"))
        let bad = try cli(["add", "not-an-address"])
        #expect(bad.status == 1 && bad.stderr.contains("'not-an-address'") && !bad.stderr.contains("Fatal"))
        #expect(try cli(["add", "x@clinic.example", "--role", "king"]).status == 64)

        let list = try cli(["list", "--json"])
        let users = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(users.map { $0["email"] as? String } == ["director@clinic.example", "helper@clinic.example"])
        #expect(users.map { $0["role"] as? String } == ["owner", "editor"])
        #expect(users.allSatisfy { $0["enrolled"] as? Bool == false })
        #expect(try cli(["list"]).stdout.contains("director@clinic.example\towner\tset-up link not used yet"))

        let reset = try cli(["reset", "DIRECTOR@clinic.example"])
        let newLink = try #require(reset.stdout.split(separator: "\n").last.map(String.init))
        #expect(reset.status == 0 && newLink != link && newLink.contains("/admin/setup/"))
        #expect(try cli(["reset", "nobody@clinic.example"]).stderr.contains("no user nobody@clinic.example"))
        #expect(try cli(["remove", "helper@clinic.example"]).stdout.contains("Removed helper@clinic.example"))
        let gone = try cli(["remove", "helper@clinic.example"])
        #expect(gone.status == 1 && gone.stderr.contains("no user helper@clinic.example"))
    }
}

/// The console in headless Chromium: `Tests/PythonHelpers/console_flow.py`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs chromium-driver (Scripts/test.sh installs it)"))
struct ConsoleBrowserTests {
    @Test func setUpSignInFindAReaderAndPauseThemInABrowser() throws {
        let server = try ServeProcess()
        #expect(try server.cli(["subscribers", "add", "maya.patel@example.org", "--name", "Maya Patel", "--confirmed"]).status == 0)
        let added = try server.cli(["admin", "add", "director@clinic.example", "--role", "owner"])
        let link = try #require(added.stdout.split(separator: "\n").last.map(String.init), "\(added.stderr)")
        var arguments = [server.base + "", link, "director@clinic.example", server.dir.appendingPathComponent("Subscribers/newsletter.sqlite").path]
        if let shots = ProcessInfo.processInfo.environment["NEWSLETTER_SCREENSHOTS"] { arguments.append(shots) }
        let result = try PythonScript.run("console_flow.py", arguments)
        #expect(result.status == 0 && result.output.hasSuffix("OK\n"), "\(result.output)\n\(server.log)")
    }

    /// The whole issue-32 flow: SMTP to aiosmtpd, review required, a feed of this week.
    @Test func announceToFiftyAndApproveAWeeklyDraftInABrowser() throws {
        let smtp = try SMTPServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("console-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let feed = dir.appendingPathComponent("feed.xml")
        let rfc822 = DateFormatter()
        rfc822.locale = Locale(identifier: "en_US_POSIX")
        rfc822.timeZone = TimeZone(identifier: "UTC")
        rfc822.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let items = [("Coping with the holidays", 1), ("When sleep will not come", 2)].map { title, days in
            "<item><title>\(title)</title><link>https://www.harborlightclinic.example/blog/\(days)/</link><guid>https://www.harborlightclinic.example/blog/\(days)/</guid><pubDate>\(rfc822.string(from: Date().addingTimeInterval(Double(-days) * 86_400)))</pubDate><description>About \(title.lowercased()).</description></item>"
        }.joined()
        try Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbor Light Counseling</title><link>https://www.harborlightclinic.example/blog/</link><description>Blog</description>\(items)</channel></rss>".utf8).write(to: feed)
        let server = try ServeProcess(extra: ["NEWSLETTER_SMTP_URL": smtp.url, "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>",
                                              "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example", "NEWSLETTER_REVIEW": "required",
                                              "NEWSLETTER_FEED": feed.path, "NEWSLETTER_POSTAL_ADDRESS": "1 Harbor Way, Portland, ME"])
        var csv = "email,name\n"
        for i in 0..<50 { csv += "reader\(i)@example.org,Reader \(i)\n" }
        try Data(csv.utf8).write(to: server.dir.appendingPathComponent("list.csv"))
        #expect(try server.cli(["subscribers", "import", "list.csv", "--confirmed"]).status == 0)
        #expect(try server.cli(["subscribers", "add", "maya.patel@example.org", "--name", "Maya Patel", "--confirmed"]).status == 0)
        let added = try server.cli(["admin", "add", "director@clinic.example", "--role", "owner"])
        let link = try #require(added.stdout.split(separator: "\n").last.map(String.init), "\(added.stderr)")
            .replacingOccurrences(of: "https://news.harborlightclinic.example", with: server.base)
        var arguments = [server.base, link, "director@clinic.example", server.dir.appendingPathComponent("Subscribers/newsletter.sqlite").path]
        if let shots = ProcessInfo.processInfo.environment["NEWSLETTER_SCREENSHOTS"] { arguments.append(shots) }
        var env = server.env
        env["CONSOLE_MAILDIR"] = smtp.maildir.path
        env["CONSOLE_BINARY"] = CLIRunner.binary.path
        env["CONSOLE_WORKDIR"] = server.dir.path
        let (status, output) = try PythonScript.run("console_flow.py", arguments, environment: env)
        #expect(status == 0 && output.hasSuffix("OK\n"), "\(output)\n\(server.log)")
    }
}
