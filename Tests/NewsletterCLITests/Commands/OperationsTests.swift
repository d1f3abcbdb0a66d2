import Foundation
import NewsletterCore
import NewsletterHTTP
import TestProcesses
import Testing

/// Running it like a server program: metrics, a backup taken while the store is written,
/// and a send stopped by SIGTERM that leaves nothing unknown.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct OperationsTests {
    static let env = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef",
                      "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>", "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example"]

    func folder(_ name: String, people count: Int) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "email,name\n"
        for i in 0..<count { csv += "o\(i)@example.net,O \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        return dir
    }

    func sqlite(_ database: URL, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database.path, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        Poll.exit(of: process)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func start(_ arguments: [String], in dir: URL, env: [String: String], output name: String) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = BuiltBinary.newsletter
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(env) { $1 }
        process.currentDirectoryURL = dir
        let out = dir.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, out)
    }

    /// SIGTERM in the middle of a send of 5,000: the copies under way finish and are
    /// recorded, nothing is left `sending` or `unknown`, and the rerun finishes the issue
    /// with no duplicate.
    @Test func sigtermStopsASendCleanlyAndTheRerunFinishesIt() async throws {
        let smtp = try SMTPServer()
        let count = 5000
        let dir = try folder("sigterm", people: count)
        var settings = Self.env
        settings["NEWSLETTER_SMTP_URL"] = smtp.url
        settings["NEWSLETTER_DB"] = dir.appendingPathComponent("s.sqlite").path
        let env = settings
        #expect(try await offPool { try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir) }.status == 0)
        let metrics = dir.appendingPathComponent("send.prom").path
        let (process, out) = try start(["send", "--since", "30d", "--concurrency", "4", "--metrics-file", metrics], in: dir, env: env, output: "first.txt")
        let signalled = try await offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline, smtp.count < 400, process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
            guard process.isRunning else { return false }
            kill(process.processIdentifier, SIGTERM)
            return Poll.exit(of: process, seconds: 60)
        }
        let first = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        #expect(signalled, "the send ended before SIGTERM or did not stop after it: \(first)")
        #expect(first.contains("SIGTERM: finishing the copies under way"), "\(first)")
        let database = dir.appendingPathComponent("s.sqlite")
        let states = try sqlite(database, "SELECT state || ':' || COUNT(*) FROM delivery GROUP BY state ORDER BY state")
        #expect(!states.contains("unknown") && !states.contains("sending"), "\(states)")
        let sentBefore = Int(try sqlite(database, "SELECT COUNT(*) FROM delivery WHERE state = 'sent'")) ?? -1
        #expect(sentBefore == smtp.count && sentBefore < count, "recorded \(sentBefore), received \(smtp.count)")
        // The metrics file says what the stopped run did.
        let prom = (try? String(contentsOfFile: metrics, encoding: .utf8)) ?? ""
        #expect(prom.contains("# TYPE newsletter_send_copies_sent gauge\nnewsletter_send_copies_sent \(sentBefore)\n"), "\(prom)")
        #expect(prom.contains("newsletter_send_duration_seconds "))

        let second = try await offPool { try CLIRunner.run(["send", "--since", "30d", "--concurrency", "4"], environment: env, in: dir) }
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("skipped 0 (in flight earlier)") && !second.stdout.contains("not sent again"), "nothing was left unknown: \(second.stdout)")
        let received = try smtp.messages().map(\.recipient)
        #expect(received.count == count && Set(received).count == count, "\(received.count) received, \(Set(received).count) distinct")
        #expect(try sqlite(database, "SELECT COUNT(*) FROM delivery WHERE state = 'sent'") == String(count))
    }

    /// `store backup` while a send and a burst of sign-ups write: the copy opens, passes
    /// SQLite's integrity check, and holds every row committed before the backup began.
    @Test func aBackupDuringASendAndSignUpsHoldsEverythingCommittedBefore() async throws {
        let smtp = try SMTPServer()
        let count = 3000
        let serve = try ServeProcess(extra: ["NEWSLETTER_SUBSCRIBE_LIMIT": "100000", "NEWSLETTER_NOW": Self.env["NEWSLETTER_NOW"]!, "NEWSLETTER_DB": "store.sqlite"])
        let dir = serve.dir
        var csv = "email,name\n"
        for i in 0..<count { csv += "b\(i)@example.net,B \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        var settings = serve.env.merging(Self.env) { a, _ in a }
        settings["NEWSLETTER_SMTP_URL"] = smtp.url
        let env = settings
        #expect(try await offPool { try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir) }.status == 0)
        // (serve's base URL is plain http on loopback, which the offline checks refuse: --force.)
        let (send, sendLog) = try start(["send", "--since", "30d", "--concurrency", "2", "--force"], in: dir, env: env, output: "send.txt")
        // Sign-ups arrive through serve all along.
        let burst = Task {
            var n = 0
            while !Task.isCancelled, n < 400 {
                _ = try? await serve.post("/subscribe", body: "email=new\(n)%40example.org&name=N")
                n += 1
            }
            return n
        }
        let flowing = try await offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline, smtp.count < 300, send.isRunning { Thread.sleep(forTimeInterval: 0.02) }
            return smtp.count >= 300
        }
        #expect(flowing, "the send did not get going: \((try? String(contentsOf: sendLog, encoding: .utf8)) ?? "")")
        let path = dir.appendingPathComponent("store.sqlite")
        // What was committed before the backup began.
        let subscribersBefore = Set(try sqlite(path, "SELECT email FROM subscriber").split(separator: "\n").map(String.init))
        let sentBefore = Set(try sqlite(path, "SELECT subscriber_id FROM delivery WHERE state = 'sent'").split(separator: "\n").map(String.init))
        let copy = dir.appendingPathComponent("backup.sqlite")
        let backup = try await offPool { try CLIRunner.run(["store", "backup", copy.path], environment: env, in: dir) }
        #expect(backup.status == 0 && backup.stdout.hasPrefix("Backed up "), "\(backup.stdout)\(backup.stderr)")
        let signUps = await burst.value
        #expect(signUps > 0)
        _ = try await offPool { Poll.exit(of: send, seconds: 120) }
        #expect(try sqlite(copy, "PRAGMA integrity_check") == "ok")
        let subscribersInCopy = Set(try sqlite(copy, "SELECT email FROM subscriber").split(separator: "\n").map(String.init))
        let sentInCopy = Set(try sqlite(copy, "SELECT subscriber_id FROM delivery WHERE state = 'sent'").split(separator: "\n").map(String.init))
        #expect(subscribersBefore.isSubset(of: subscribersInCopy), "missing: \(subscribersBefore.subtracting(subscribersInCopy).prefix(5))")
        #expect(sentBefore.isSubset(of: sentInCopy), "sent rows missing: \(sentBefore.subtracting(sentInCopy).count)")
        #expect(subscribersInCopy.count >= count)
        // It never overwrites, and the copy is a store the commands open.
        let again = try await offPool { try CLIRunner.run(["store", "backup", copy.path], environment: env, in: dir) }
        #expect(again.status == 1 && again.stderr.contains("exists already"), "\(again.stderr)")
        let restored = env.merging(["NEWSLETTER_DB": copy.path]) { $1 }
        let list = try await offPool { try CLIRunner.run(["subscribers", "list", "--json"], environment: restored, in: dir) }
        #expect(list.status == 0 && list.stdout.contains("b0@example.net"))
        _ = serve.stop()
    }

    /// `/metrics`: with the admin token on the main address, without one on
    /// NEWSLETTER_METRICS_LISTEN; sign-ups, requests by route and status, refused webhooks.
    @Test func serveExposesPrometheusMetrics() async throws {
        let listen = ServeProcess.freePort()
        let serve = try ServeProcess(extra: ["NEWSLETTER_ADMIN_TOKEN": "metrics-token-0123456789", "NEWSLETTER_METRICS_LISTEN": "127.0.0.1:\(listen)",
                                             "NEWSLETTER_MAILGUN_WEBHOOK_KEY": "mailgun-key-for-tests"])
        #expect(try await serve.post("/subscribe", body: "email=m1%40example.org").status == 200)
        #expect(try await serve.post("/subscribe", body: "email=m2%40example.org").status == 200)
        #expect(try await serve.post("/webhooks/mailgun", body: #"{"signature": {"timestamp": "1", "token": "t", "signature": "00"}}"#, type: "application/json").status == 401)
        _ = try await serve.get("/confirm/not-a-token")
        #expect(try await serve.get("/metrics").status == 401)
        let client = CurlHTTPClient()
        let authorized = try await client.send(HTTPClientRequest(url: serve.base + "/metrics", headers: [("Authorization", "Bearer metrics-token-0123456789")]))
        #expect(authorized.status == 200)
        let open = try await client.send(HTTPClientRequest(url: "http://127.0.0.1:\(listen)/metrics"))
        let text = String(decoding: open.body, as: UTF8.self)
        #expect(open.status == 200, "\(text)")
        #expect(text.contains("newsletter_signups_total 2"), "\(text)")
        #expect(text.contains(#"newsletter_http_requests_total{route="/subscribe",method="POST",status="200"} 2"#), "\(text)")
        #expect(text.contains(#"newsletter_http_requests_total{route="/confirm/:token",method="GET",status="400"} 1"#), "\(text)")
        #expect(text.contains(#"newsletter_webhook_verifications_failed_total{provider="mailgun"} 1"#), "\(text)")
        #expect(text.contains(#"newsletter_http_request_duration_seconds_bucket{route="/subscribe",le="+Inf"} 2"#), "\(text)")
        #expect(!text.contains("m1@example.org") && !text.contains("not-a-token"), "no address or token becomes a label")
        #expect(serve.stop() == 0)
    }
}
