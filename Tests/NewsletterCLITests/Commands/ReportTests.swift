import Foundation
import NewsletterCore
import NewsletterHTTP
import TestProcesses
import Testing

/// `newsletter report` after a scripted history: imports, confirmations, a send with 550
/// refusals, one-click unsubscribes (one with a forged issue tag), an ARF complaint, and
/// clicks through `/r/…` (with altered links and signatures that must count nothing).
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct ReportTests {
    @Test func reportGivesTheNumbersTheHistoryImplies() async throws {
        let smtp = try SMTPServer(["--refuse", "p4@example.net", "--refuse", "p5@example.net"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("Subscribers/newsletter.sqlite").path
        let base = ["NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_DB": db, "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>",
                    "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example", "NEWSLETTER_CLICK_TRACKING": "aggregate"]
        func cli(_ arguments: [String], at now: String, _ extra: [String: String] = [:]) throws -> CLIRunner.Result {
            try CLIRunner.run(arguments, environment: base.merging(["NEWSLETTER_NOW": now]) { $1 }.merging(extra) { $1 }, in: dir)
        }
        var csv = "email\n"
        for i in 0..<6 { csv += "p\(i)@example.net\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("p.csv"))
        _ = try cli(["subscribers", "import", "p.csv", "--confirmed"], at: "2026-11-18T09:00:00Z")
        _ = try cli(["subscribers", "add", "late@example.net", "--confirmed"], at: "2026-11-24T09:00:00Z")
        let sent = try cli(["send", "--since", "30d"], at: "2026-11-27T09:00:00Z", ["NEWSLETTER_SMTP_URL": smtp.url])
        #expect(sent.stdout.contains("Sent 5, bounced 2"), "\(sent.stdout)\(sent.stderr)")
        let copies = Dictionary(uniqueKeysWithValues: try smtp.messages().map { ($0.recipient, String(decoding: $0.data, as: UTF8.self)) })

        // One-click unsubscribes on serve: p0 through its copy's header; p1 with a forged tag.
        let server = try ServeProcess(extra: ["NEWSLETTER_DB": db, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_NOW": "2026-11-27T10:00:00Z",
                                              "NEWSLETTER_CLICK_TRACKING": "aggregate", "NEWSLETTER_TRUST_PROXY": "1"])
        func oneClick(_ email: String) throws -> String {
            let text = try #require(copies[email]).replacingOccurrences(of: "\r\n ", with: " ")
            let header = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("List-Unsubscribe: <") })
            let url = String(header.dropFirst("List-Unsubscribe: <".count).prefix { $0 != ">" })
            #expect(url.contains("?issue=2026-11-27&t="), "\(url)")
            return String(url.dropFirst("https://news.harborlightclinic.example".count))
        }
        #expect(try await server.post(try oneClick("p0@example.net"), body: "List-Unsubscribe=One-Click").status == 200)
        let forged = try oneClick("p1@example.net").components(separatedBy: "&t=")[0] + "&t=AAAAAAAAAAAAAAAA"
        #expect(try await server.post(forged, body: "List-Unsubscribe=One-Click").status == 200)

        // Clicks: three readers follow the first post's link and one another link; every
        // copy carries the same links (nothing names the reader). Repeats by one reader, HEAD
        // requests and link scanners redirect too, but count nothing.
        let tracked = try Self.trackedLinks(try #require(copies["p3@example.net"]))
        #expect(tracked.count >= 2, "\(tracked)")
        #expect(tracked == (try Self.trackedLinks(try #require(copies["p6@example.net"] ?? copies["late@example.net"]))))
        let first = try #require(tracked.first), second = try #require(tracked.dropFirst().first { $0 != first })
        var targets: [String] = []
        func visit(_ path: String, client: Int, method: String = "GET", agent: String = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0") async throws -> HTTPClientResponse {
            try await server.client.send(HTTPClientRequest(url: server.base + path, method: method,
                                                           headers: [("X-Forwarded-For", "203.0.113.\(client)"), ("User-Agent", agent)], maxRedirects: 0))
        }
        for (path, times) in [(first, 3), (second, 1)] {
            for reader in 0..<times {
                let answer = try await visit(path, client: reader)
                let location = answer.headers.first { $0.name.lowercased() == "location" }?.value
                #expect(answer.status == 302 && location?.hasPrefix("https://") == true, "\(answer.status) \(path)")
                targets.append(location ?? "")
            }
        }
        #expect(Set(targets.prefix(3)).count == 1 && targets[0].contains("utm_campaign=digest-2026-11-27"), "\(targets)")
        for _ in 0..<20 { #expect(try await visit(first, client: 0).status == 302) }
        #expect(try await visit(first, client: 9, method: "HEAD").status == 302)
        for agent in ["Mozilla/5.0 (compatible; Proofpoint URL Defense)", "python-requests/2.31", "Barracuda Sentinel (EE)", ""] {
            #expect(try await visit(first, client: 8, agent: agent).status == 302, "\(agent)")
        }
        // Altered links and signatures: 404, nothing counted, never a redirect elsewhere.
        let parts = first.split(separator: "/").map(String.init)  // ["r", issue, link, sig]
        let evil = Data("https://evil.example/phish".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let flipped = String(parts[3].dropLast()) + (parts[3].hasSuffix("A") ? "B" : "A")
        let second4 = second.split(separator: "/").map(String.init)
        for bad in ["/r/\(parts[1])/\(evil)/\(parts[3])", "/r/\(parts[1])/\(parts[2])/\(flipped)", "/r/1999-01-01/\(parts[2])/\(parts[3])",
                    "/r/\(parts[1])/\(second4[2])/\(parts[3])", "/r/\(parts[1])/\(parts[2])/", "/r/\(parts[1])/\(parts[2])/\(parts[3])x",
                    "/r/\(parts[1])/\(parts[2])A/\(parts[3])"] {
            let answer = try await server.get(bad)
            #expect(answer.status == 404 && !answer.headers.contains { $0.name.lowercased() == "location" }, "\(bad): \(answer.status)")
        }
        _ = server.stop()

        // An ARF complaint about p2's copy, through the inbox.
        let p2 = try #require(copies["p2@example.net"])
        let headers = p2.components(separatedBy: "\r\n\r\n")[0]
        let arf = """
            From: fbl@isp.example\r\nTo: news@harborlightclinic.example\r\nSubject: FW: complaint\r\nMessage-ID: <arf-1@isp.example>\r\nMIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=feedback-report; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nA complaint.\r
            --b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: isp/1.0\r\nVersion: 1\r
            Original-Rcpt-To: p2@example.net\r\n\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\(headers)\r\n\r\n--b--\r\n
            """
        let inbox = try CLIRunner.run(["inbox", "-"], environment: base.merging(["NEWSLETTER_NOW": "2026-11-28T09:00:00Z"]) { $1 }, in: dir, stdin: Data(arf.utf8))
        #expect(inbox.status == 0, "\(inbox.stdout)\(inbox.stderr)")

        let report = try cli(["report", "--json", "--html", "report.html"], at: "2026-11-29T09:00:00Z")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stdout)\(report.stderr)")
        let issue = try #require((json["issues"] as? [[String: Any]])?.first)
        var numbers: [String: Int] = [:]
        for key in ["recipients", "delivered", "deferred", "failed", "bounced_hard", "bounced_soft", "complaints", "unsubscribes"] { numbers[key] = issue[key] as? Int }
        #expect(numbers == ["recipients": 7, "delivered": 5, "deferred": 0, "failed": 0, "bounced_hard": 2, "bounced_soft": 0, "complaints": 1, "unsubscribes": 1],
                "\(issue)")
        #expect(issue["id"] as? String == "2026-11-27" && issue["kind"] as? String == "digest" && issue["clicks"] as? Int == 4, "\(issue)")
        let links = try #require(issue["links"] as? [[String: Any]])
        #expect(links.map { $0["clicks"] as? Int } == [3, 1] && links.map { $0["url"] as? String } == [targets[0], targets[3]], "\(links)")
        let weeks = try #require(json["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["week"] as? String } == ["2026-W47", "2026-W48"], "\(weeks)")
        func week(_ i: Int) -> [String: Int] {
            var out: [String: Int] = [:]
            for key in ["confirmed_new", "unsubscribed", "bounced", "complained", "total_confirmed"] { out[key] = weeks[i][key] as? Int }
            return out
        }
        #expect(week(0) == ["confirmed_new": 6, "unsubscribed": 0, "bounced": 0, "complained": 0, "total_confirmed": 6])
        #expect(week(1) == ["confirmed_new": 1, "unsubscribed": 2, "bounced": 2, "complained": 1, "total_confirmed": 2], "\(weeks[1])")
        // The page: inline SVG with titles, no script, nothing fetched from elsewhere.
        let page = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("<title>2026-11-27: 2 bounced</title>") && page.contains("<title>2026-W48: 2 confirmed</title>"), "\(page)")
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("@import") && !page.contains("url("))
        try Self.openInChromium(dir.appendingPathComponent("report.html"))
        let terminal = try cli(["report"], at: "2026-11-29T09:00:00Z")
        #expect(terminal.stdout.contains("2026-11-27     digest                7         5        0      0     2     0          1            1      4"), "\(terminal.stdout)")
        #expect(page.contains("Top links") && page.contains("<td data-label=\"Clicks\">4</td>"), "\(page)")
        // Tracking off: clicks are null, the links in new issues go straight to the blog.
        let off = try cli(["report", "--json"], at: "2026-11-29T09:00:00Z", ["NEWSLETTER_CLICK_TRACKING": "off"])
        #expect(off.stdout.contains("\"clicks\": null") && !off.stdout.contains("\"links\""), "\(off.stdout)")
        let wrong = try cli(["report"], at: "2026-11-29T09:00:00Z", ["NEWSLETTER_CLICK_TRACKING": "yes"])
        #expect(wrong.status != 0 && wrong.stderr.contains("NEWSLETTER_CLICK_TRACKING must be off or aggregate, not 'yes'"), "\(wrong.stderr)")
        let missing = try cli(["report", "1999-01-01"], at: "2026-11-29T09:00:00Z")
        #expect(missing.status == 1 && missing.stderr == "error: There is no issue 1999-01-01; newsletter report lists them.\n")
    }

    /// The page in headless Chromium (`Tests/PythonHelpers/report_page.py`): no console
    /// message, no request, no horizontal scroll at 900 and 420 px, light and dark, and no
    /// accessibility violation by axe-core.
    /// `NEWSLETTER_SCREENSHOTS=DIR` keeps the screenshots.
    static func openInChromium(_ page: URL) throws {
        let environment = ProcessInfo.processInfo.environment
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || environment["CI"] != nil else { return }
        var arguments = [page.path]
        if let shots = environment["NEWSLETTER_SCREENSHOTS"] { arguments.append(shots) }
        let result = try PythonScript.run("report_page.py", arguments)
        #expect(result.status == 0 && result.output.hasSuffix("OK\n"), "\(result.output)")
        // And axe-core finds no WCAG 2.1 A/AA violation, light and dark, wide and narrow.
        let axe = try AccessibilityTests.check([page.path])
        #expect(axe.status == 0 && axe.output.contains("4 of 4 checks clean"), "\(axe.output)")
    }

    /// The `/r/…` paths of a message's HTML part, in order, each once.
    static func trackedLinks(_ message: String) throws -> [String] {
        let decoded = message.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let regex = try NSRegularExpression(pattern: "https://news\\.harborlightclinic\\.example(/r/[A-Za-z0-9._~%-]+/[A-Za-z0-9_-]+/[A-Za-z0-9_-]{22})\"")
        var out: [String] = []
        for match in regex.matches(in: decoded, range: NSRange(decoded.startIndex..., in: decoded)) {
            let path = String(decoded[Range(match.range(at: 1), in: decoded)!])
            if !out.contains(path) { out.append(path) }
        }
        return out
    }
}
