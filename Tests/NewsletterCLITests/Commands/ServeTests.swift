import Crypto
import Foundation
import NewsletterCore
import NewsletterHTTP
import TestProcesses
import Testing

/// `newsletter serve` as a real process on a free port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let dir: URL
    let env: [String: String]
    let errURL: URL
    var base: String { "http://127.0.0.1:\(port)" }
    let client = CurlHTTPClient()

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    init(extra: [String: String] = [:], port fixed: Int? = nil) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let port = fixed ?? Self.freePort()
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NEWSLETTER_SECRET": "serve-test-secret-0123456789abcdef0123",
                   "NEWSLETTER_BASE_URL": "http://127.0.0.1:\(port)", "NEWSLETTER_SUBSCRIBE_LIMIT": "50"]
        env.merge(extra) { $1 }
        self.env = env
        process.executableURL = CLIRunner.binary
        process.arguments = ["serve", "--port", String(port)]
        process.environment = env
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        errURL = dir.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let line = out.firstLine()
        guard line.hasPrefix("Listening on http://127.0.0.1:\(port) ") else {
            kill(process.processIdentifier, SIGKILL)
            let log = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw NSError(domain: "serve", code: 1, userInfo: [NSLocalizedDescriptionKey: "serve did not start: \(line) \(log)"])
        }
        self.port = port
    }

    var log: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        // Foundation reaps the child itself: poll it rather than waitpid.
        kill(process.processIdentifier, SIGTERM)
        Poll.exit(of: process, seconds: 5)
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
        return process.terminationReason == .exit ? process.terminationStatus : -2
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func get(_ path: String) async throws -> HTTPClientResponse {
        try await client.send(HTTPClientRequest(url: base + path, maxRedirects: 0))
    }

    func post(_ path: String, body: String, type: String = "application/x-www-form-urlencoded") async throws -> HTTPClientResponse {
        try await client.send(HTTPClientRequest(url: base + path, method: "POST", headers: [("Content-Type", type)], body: Data(body.utf8), maxRedirects: 0))
    }

    func cli(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, environment: env, in: dir)
    }

    func status(_ email: String) throws -> String? {
        let show = try cli(["subscribers", "show", email, "--json"])
        let object = try? JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        return object?["status"] as? String
    }

    /// The outbox messages, oldest first, with quoted-printable soft breaks undone.
    func outbox() throws -> [String] {
        let folder = dir.appendingPathComponent("Outbox/new")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
            .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=") }
    }

    func waitForOutbox(count: Int) throws -> [String] {
        try Poll.until(seconds: 10) { try outbox().count >= count }
        return try outbox()
    }

    func token(after path: String, in message: String) -> String? {
        guard let range = message.range(of: base + path) else { return nil }
        return String(message[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }
}

extension HTTPClientResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}

@Suite(.serialized, .enabled(if: BuiltBinary.available))
struct ServeTests {
    @Test func everyPageHasSecurityHeadersAndHealthAnswers() async throws {
        let server = try ServeProcess()
        for path in ["/subscribe", "/healthz", "/archive", "/archive/feed.xml", "/confirm/x", "/unsubscribe/x", "/nothing-here"] {
            let response = try await server.get(path)
            #expect(response.header("Content-Security-Policy")?.contains("default-src 'none'") == true, "\(path)")
            #expect(response.header("X-Content-Type-Options") == "nosniff" && response.header("Referrer-Policy") == "no-referrer", "\(path)")
            #expect(response.header("Set-Cookie") == nil)
        }
        #expect(try await server.get("/healthz").text == "ok\n")
        #expect(try await server.get("/subscribe").text.contains("<title>Subscribe · Harbor Light Counseling</title>"))
        #expect(try await server.get("/confirm/x").text.contains("<title>Link not valid · Harbor Light Counseling</title>"))
        #expect(try await server.get("/nothing-here").status == 404)
        let form = try await server.get("/subscribe")
        #expect(form.status == 200 && form.text.contains(#"<label for="email">Email address</label>"#) && form.text.contains(#"name="website""#))
        #expect(server.stop() == 0, "SIGTERM ends the server cleanly")
        #expect(server.log.contains("GET /subscribe 200"))
    }

    @Test func subscribeAnswersAlikeForKnownAndUnknownAndSendsOneConfirmationAnHour() async throws {
        let server = try ServeProcess()
        let first = try await server.post("/subscribe", body: "email=Sam%40Example.org&name=Sam+%3Cb%3EReader%3C%2Fb%3E")
        #expect(first.status == 200 && first.text.contains("Check your inbox"))
        #expect(try server.waitForOutbox(count: 1).count == 1)
        #expect(try server.status("sam@example.org") == "pending")
        // Again within the hour: the same answer, no second email.
        let again = try await server.post("/subscribe", body: "email=sam%40example.org")
        #expect(again.status == 200 && again.text == first.text)
        // A confirmed subscriber: the same answer again, no email.
        _ = try server.cli(["subscribers", "add", "known@example.org", "--confirmed"])
        let known = try await server.post("/subscribe", body: "email=known%40example.org")
        #expect(known.text == first.text)
        // JSON works the same way.
        let json = try await server.post("/subscribe", body: #"{"email":"jo@example.org","name":"Jo"}"#, type: "application/json")
        #expect(json.status == 200 && json.text.contains(#""status":"ok""#))
        let messages = try server.waitForOutbox(count: 2)
        #expect(messages.count == 2, "one for Sam, one for Jo")
        #expect(messages.allSatisfy { $0.contains("Subject: Please confirm") })
        // Nothing from the request is echoed unescaped.
        let bad = try await server.post("/subscribe", body: "email=%3Cscript%3Ealert(1)%3C%2Fscript%3E&name=%3Cimg+src%3Dx%3E")
        #expect(bad.status == 400 && bad.text.contains("does not look right"))
        #expect(!bad.text.contains("<script>alert") && !bad.text.contains("<img src=x>") && bad.text.contains("&lt;script&gt;"))
        let badJSON = try await server.post("/subscribe", body: #"{"email":"nope"}"#, type: "application/json")
        #expect(badJSON.status == 400)
        // The honeypot: same answer, nobody added.
        let bot = try await server.post("/subscribe", body: "email=bot%40example.org&website=http%3A%2F%2Fspam.example")
        let botStatus = try server.status("bot@example.org")
        #expect(bot.text == first.text && botStatus == nil)
        // Bodies are capped.
        let huge = try await server.post("/subscribe", body: "email=a%40b.c&name=" + String(repeating: "x", count: 40_000))
        #expect(huge.status == 413)
        #expect(server.log.contains("POST /subscribe 200") && !server.log.contains("sam@example.org") && !server.log.lowercased().contains("sam%40"))
    }

    @Test func signUpsAreLimitedPerClient() async throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_SUBSCRIBE_LIMIT": "3"])
        for i in 0..<3 {
            #expect(try await server.post("/subscribe", body: "email=p\(i)%40example.org").status == 200)
        }
        let limited = try await server.post("/subscribe", body: "email=p9%40example.org")
        #expect(limited.status == 429 && limited.text.contains("Please wait a little"))
        #expect(try server.status("p9@example.org") == nil)
        #expect(try await server.get("/subscribe").status == 200, "reading the form is not limited")
    }

    @Test func confirmationLinksWorkOnceAndBadTokensChangeNothing() async throws {
        let server = try ServeProcess()
        _ = try await server.post("/subscribe", body: "email=ann%40example.org&name=Ann")
        let mail = try #require(try server.waitForOutbox(count: 1).first)
        let token = try #require(server.token(after: "/confirm/", in: mail))
        let secret = SymmetricKey(data: Data("serve-test-secret-0123456789abcdef0123".utf8))
        let expired = SubscriberToken(purpose: .confirm, email: "ann@example.org", expires: Int(Date().timeIntervalSince1970) - 60).signed(with: secret)
        let wrongPurpose = SubscriberToken(purpose: .unsubscribe, email: "ann@example.org", expires: nil).signed(with: secret)
        let forged = SubscriberToken(purpose: .confirm, email: "ann@example.org", expires: Int(Date().timeIntervalSince1970) + 600)
            .signed(with: SymmetricKey(data: Data("another secret".utf8)))
        for (bad, status, words) in [(expired, 410, "This link has expired"), (wrongPurpose, 400, "This link is not valid"), (forged, 400, "This link is not valid"),
                                     ("garbage", 400, "This link is not valid"), (String(token.dropLast(2)), 400, "This link is not valid")] {
            let response = try await server.get("/confirm/" + bad)
            #expect(response.status == status && response.text.contains(words), "\(bad)")
            #expect(try server.status("ann@example.org") == "pending")
        }
        // Following the link (as a mail filter's scanner does) shows a button and confirms nothing.
        let page = try await server.get("/confirm/" + token)
        #expect(page.status == 200 && page.text.contains("<button type=\"submit\">Confirm my subscription</button>"), "\(page.text)")
        #expect(try server.status("ann@example.org") == "pending")
        let ok = try await server.post("/confirm/" + token, body: "")
        #expect(ok.status == 200 && ok.text.contains("You are subscribed"))
        #expect(try server.status("ann@example.org") == "confirmed")
        #expect(try server.waitForOutbox(count: 2).last?.contains("Subject: Welcome to") == true)
        // Used once: a second visit is refused and changes nothing.
        _ = try server.cli(["subscribers", "unsubscribe", "ann@example.org"])
        let reused = try await server.post("/confirm/" + token, body: "")
        #expect(reused.status == 410 && reused.text.contains("already used"))
        #expect(try server.status("ann@example.org") == "unsubscribed")
        #expect(!server.log.contains(token), "tokens stay out of the log")
    }

    @Test func unsubscribeShowsAButtonAndOneClickWorksInBothEncodings() async throws {
        let server = try ServeProcess()
        let secret = SymmetricKey(data: Data("serve-test-secret-0123456789abcdef0123".utf8))
        for email in ["u1@example.org", "u2@example.org", "u3@example.org"] { _ = try server.cli(["subscribers", "add", email, "--confirmed"]) }
        func token(_ email: String) -> String { SubscriberToken(purpose: .unsubscribe, email: email, expires: nil).signed(with: secret) }

        let page = try await server.get("/unsubscribe/" + token("u1@example.org"))
        #expect(page.status == 200 && page.text.contains(#"<form method="post""#) && page.text.contains(">Unsubscribe</button>"))
        #expect(try server.status("u1@example.org") == "confirmed", "a GET changes nothing")

        let urlencoded = try await server.post("/unsubscribe/" + token("u1@example.org"), body: "List-Unsubscribe=One-Click")
        #expect(urlencoded.status == 200 && urlencoded.header("Location") == nil && urlencoded.header("Set-Cookie") == nil)
        #expect(try server.status("u1@example.org") == "unsubscribed")

        let boundary = "----7MA4YWxkTrZu0gW"
        let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--\(boundary)--\r\n"
        let viaMultipart = try await server.post("/unsubscribe/" + token("u2@example.org"), body: multipart, type: "multipart/form-data; boundary=\(boundary)")
        #expect(viaMultipart.status == 200 && viaMultipart.text.contains("You are unsubscribed"))
        #expect(try server.status("u2@example.org") == "unsubscribed")

        // Twice is fine; a confirm token, a forged one or garbage is refused and changes nothing.
        #expect(try await server.post("/unsubscribe/" + token("u1@example.org"), body: "List-Unsubscribe=One-Click").status == 200)
        let confirmToken = SubscriberToken(purpose: .confirm, email: "u3@example.org", expires: Int(Date().timeIntervalSince1970) + 600).signed(with: secret)
        for bad in [confirmToken, "garbage", SubscriberToken(purpose: .unsubscribe, email: "u3@example.org", expires: nil).signed(with: SymmetricKey(data: Data("x".utf8)))] {
            #expect(try await server.post("/unsubscribe/" + bad, body: "List-Unsubscribe=One-Click").status == 400)
            #expect(try await server.get("/unsubscribe/" + bad).status == 400)
        }
        #expect(try server.status("u3@example.org") == "confirmed")
    }

    @Test func theArchiveShowsSentIssuesWithoutPersonalLinks() async throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"])
        #expect(try await server.get("/archive").text.contains("No issue has been sent yet."))
        _ = try server.cli(["subscribers", "add", "reader@example.org", "--name", "Rita Reader", "--confirmed"])
        let send = try server.cli(["send", "--since", "14d"])
        #expect(send.status == 0, "\(send.stderr)")
        let list = try await server.get("/archive")
        #expect(list.text.contains(#"<a href="\#(server.base)/archive/2026-11-27">"#))
        let issue = try await server.get("/archive/2026-11-27")
        #expect(issue.status == 200 && issue.text.contains("Hi there,"))
        #expect(!issue.text.contains("reader@example.org") && !issue.text.contains("Rita") && !issue.text.contains("/unsubscribe/"))
        #expect(issue.text.contains("A Gentle Guide to Holiday Stress"))
        let feed = try await server.get("/archive/feed.xml")
        #expect(feed.header("Content-Type")?.hasPrefix("application/atom+xml") == true)
        let parsed = try FeedParser.parse(feed.body, source: "archive", url: server.base + "/archive/feed.xml")
        #expect(parsed.feed.format == .atom10 && parsed.diagnostics.isEmpty)
        #expect(parsed.feed.posts.map(\.url) == [server.base + "/archive/2026-11-27"])
        #expect(try await server.get("/archive/1999-01-01").status == 404)
    }
}

/// The whole sign-up flow in headless Chromium: `Tests/PythonHelpers/browser_flow.py`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs chromium-driver (Scripts/test.sh installs it)"))
struct BrowserTests {
    @Test func subscribeConfirmAndUnsubscribeInABrowser() throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"])
        let script = CLIRunner.packageRoot.appendingPathComponent("Tests/PythonHelpers/browser_flow.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", script, server.base, server.dir.path, CLIRunner.binary.path]
        if let shots = ProcessInfo.processInfo.environment["NEWSLETTER_SCREENSHOTS"] { arguments.append(shots) }
        process.arguments = arguments
        process.environment = server.env
        let outURL = server.dir.appendingPathComponent("browser.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        process.standardError = out
        try process.run()
        Poll.exit(of: process, seconds: 120)
        if process.isRunning { process.terminate() }
        try out.close()
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0 && output.hasSuffix("OK\n"), "\(output)\n\(server.log)")
    }
}

/// Issue 30: the confirmation, welcome, digest and announcement emails fit a 320 px phone,
/// light and dark (`Tests/PythonHelpers/email_layout.py` in headless Chromium); a page
/// that does not fit is caught, so the check is known to work.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs chromium-driver (Scripts/test.sh installs it)"))
struct PhoneLayoutTests {
    func measure(_ files: [String]) throws -> (status: Int32, output: String) {
        try PythonScript.run("email_layout.py", files)
    }

    @Test func everyEmailFitsA320PixelScreenLightAndDark() throws {
        let golden = CLIRunner.packageRoot.appendingPathComponent("Tests/NewsletterCoreTests/Golden")
        let files = ["confirm.eml", "welcome.eml", "digest.eml", "announcement.eml"].map { golden.appendingPathComponent($0).path }
        let result = try measure(files)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.components(separatedBy: " fits").count - 1 == 8, "\(result.output)")
        #expect(result.output.contains("confirm.eml dark scroll=") && result.output.contains("dark=True"), "\(result.output)")
        // The control: a fixed 600 px table without a media query scrolls, and is caught.
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID().uuidString).html")
        try Data("<!DOCTYPE html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><table style=\"width:600px\"><tr><td>Too wide</td></tr></table></body></html>".utf8).write(to: bad)
        let caught = try measure([bad.path])
        #expect(caught.status == 1 && caught.output.contains("OVERFLOW"), "\(caught.output)")
    }
}
