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
}
