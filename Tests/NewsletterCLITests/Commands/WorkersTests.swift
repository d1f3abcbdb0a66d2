import Foundation
import TestProcesses
import Testing

/// Several `newsletter send` workers on one PostgreSQL store, one of them killed.
@Suite(.enabled(if: BuiltBinary.available && (PostgresServer.available || ProcessInfo.processInfo.environment["CI"] != nil),
                "needs the newsletter executable and Debian's postgresql"))
struct WorkersTests {
    /// A started process whose output goes to a file.
    struct Worker: @unchecked Sendable {
        let process: Process
        let output: URL

        init(_ arguments: [String], in dir: URL, env: [String: String]) throws {
            process = Process()
            process.executableURL = BuiltBinary.newsletter
            process.arguments = arguments
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(env) { $1 }
            process.currentDirectoryURL = dir
            output = dir.appendingPathComponent("worker-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    }

    /// Its waits (minutes on processes) run off the cooperative pool, whose two threads
    /// would otherwise stall every other test of the run.
    @Test func threeWorkersSendEachCopyOnceAndOutliveAKilledOne() async throws {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        let smtp = try SMTPServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let count = 20_000
        var csv = "email,name\n"
        for i in 0..<count { csv += "w\(i)@example.net,W \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        let env = ["NEWSLETTER_DB": try server.freshDatabase(prefix: "workers"), "NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef",
                   "NEWSLETTER_SMTP_URL": smtp.url, "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>",
                   "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example", "NEWSLETTER_LEASE_SECONDS": "4"]
        let imported = try await offPool { try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir) }
        #expect(imported.status == 0 && imported.stdout.hasPrefix("Imported 20000 new subscribers"), "\(imported.stdout)\(imported.stderr)")

        // Three at once: one records the issue, the others join it; the second dies mid-send.
        let workers = try (0..<3).map { _ in try Worker(["send", "--since", "30d", "--concurrency", "3"], in: dir, env: env) }
        // Killed once the copies flow (not after a fixed time, which a loaded machine may
        // spend starting up), so it dies with copies in flight.
        let victim = workers[1].process.processIdentifier
        try await offPool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, smtp.count < 600 { Thread.sleep(forTimeInterval: 0.05) }
            kill(victim, SIGKILL)
        }
        let ended = try await offPool { workers.map { Poll.exit(of: $0.process, seconds: 300) } }
        for (worker, done) in zip(workers, ended) { #expect(done, "a worker did not end: \(worker.text)") }
        let texts = workers.map(\.text)
        #expect(workers[0].process.terminationStatus == 0 && workers[2].process.terminationStatus == 0, "\(texts)")
        #expect(texts.filter { $0.contains("(issue 2026-11-27, ") }.count == 1, "the issue is recorded once: \(texts)")
        var inFlight: [String] = []
        for text in texts {
            for line in text.split(separator: "\n") where line.contains("in flight when the earlier send stopped") {
                inFlight += line.components(separatedBy: "not sent again: ").last!.components(separatedBy: ", ")
            }
        }
        let received = try smtp.messages().map(\.recipient)
        #expect(Set(received).count == received.count, "duplicates: \(received.count - Set(received).count)")
        let missing = Set((0..<count).map { "w\($0)@example.net" }).subtracting(received)
        #expect(missing.isSubset(of: Set(inFlight)), "missing \(missing.count), reported \(inFlight.count): \(missing.subtracting(inFlight).sorted().prefix(5))")
        // What the killed worker had started and not yet recorded: at most a batch (20) per connection.
        #expect(!inFlight.isEmpty && inFlight.count <= 3 * 20, "\(inFlight.count) reported in flight")
        // Nothing is left to do.
        let after = try await offPool { try CLIRunner.run(["send", "--join"], environment: env, in: dir) }
        #expect(after.stdout == "No issue is being sent; --join has nothing to help with.\n", "\(after.stdout)")
        // The workers' statements take their rows so that they never wait on each other in a
        // cycle (a deadlock PostgreSQL resolves by failing one of them).
        let database = try #require(URLComponents(string: env["NEWSLETTER_DB"]!)?.path.dropFirst())
        let deadlocks = try await offPool { () -> String in
            Thread.sleep(forTimeInterval: 1)
            return try server.psql("SELECT deadlocks FROM pg_stat_database WHERE datname = '\(database)'")
        }
        #expect(deadlocks.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "deadlocks: \(deadlocks)")
    }

    func outboxMessages(to address: String, in dirs: [URL]) -> Int {
        dirs.reduce(0) { total, dir in
            let folder = dir.appendingPathComponent("Outbox/new")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return total + names.filter { name in
                ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "").components(separatedBy: "\r\n")
                    .contains { $0.hasPrefix("To: ") && $0.contains(address) }
            }.count
        }
    }

    @Test func twoServeNodesMakeOneRowAndOneConfirmationAndShareTheLimit() async throws {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        let db = try server.freshDatabase(prefix: "nodes")
        let nodes = try (0..<2).map { _ in try ServeProcess(extra: ["NEWSLETTER_DB": db, "NEWSLETTER_SUBSCRIBE_LIMIT": "1000"]) }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<50 {
                group.addTask { try await nodes[i % 2].post("/subscribe", body: "email=same%40example.org&name=Sam").status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(Poll.until(seconds: 20) { outboxMessages(to: "same@example.org", in: nodes.map(\.dir)) >= 1 })
        try await Task.sleep(nanoseconds: 2_000_000_000)
        #expect(outboxMessages(to: "same@example.org", in: nodes.map(\.dir)) == 1, "one confirmation email")
        let list = try CLIRunner.run(["subscribers", "list", "--json"], environment: ["NEWSLETTER_DB": db], in: nodes[0].dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], "\(list.stderr)")
        #expect(rows.count == 1 && rows.first?["status"] as? String == "pending", "\(rows)")
        for node in nodes { _ = node.stop() }

        // The sign-up limit (5 per client per 10 minutes) holds across both nodes.
        let limited = try server.freshDatabase(prefix: "limit")
        let pair = try (0..<2).map { _ in try ServeProcess(extra: ["NEWSLETTER_DB": limited, "NEWSLETTER_SUBSCRIBE_LIMIT": "5"]) }
        var answers: [Int] = []
        for i in 0..<12 { answers.append(try await pair[i % 2].post("/subscribe", body: "email=p\(i)%40example.org").status) }
        #expect(answers.filter { $0 == 200 }.count == 5 && answers.filter { $0 == 429 }.count == 7, "\(answers)")
        for node in pair { _ = node.stop() }
    }

    @Test func storeCopyMovesEverythingToPostgresAndBack() throws {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let base = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef"]
        func cli(_ arguments: [String], db: String? = nil) throws -> CLIRunner.Result {
            var env = base
            if let db { env["NEWSLETTER_DB"] = db }
            return try CLIRunner.run(arguments, environment: env, in: dir)
        }
        try Data("email,name,plan\na@example.net,Ann,gold\nb@example.net,Bo,\nc@example.net,,silver\n".utf8).write(to: dir.appendingPathComponent("p.csv"))
        _ = try cli(["subscribers", "import", "p.csv", "--confirmed"])
        _ = try cli(["subscribers", "add", "d@example.net", "--cadence", "each"])
        _ = try cli(["subscribers", "set", "a@example.net", "--pause-until", "2027-01-10"])
        _ = try cli(["subscribers", "unsubscribe", "c@example.net"])
        _ = try cli(["subscribers", "erase", "b@example.net"])
        // The newest id, in an import batch's range, erased: no later subscriber may get it.
        try Data("email\nz@example.net\n".utf8).write(to: dir.appendingPathComponent("z.csv"))
        _ = try cli(["subscribers", "import", "z.csv"])
        _ = try cli(["subscribers", "erase", "z@example.net"])
        #expect(try cli(["send", "--since", "30d"]).status == 0)
        let postgres = try server.freshDatabase(prefix: "copy")
        let copied = try cli(["store", "copy", "--to", postgres])
        #expect(copied.status == 0 && copied.stdout.hasSuffix("every count matches.\n"), "\(copied.stdout)\(copied.stderr)")
        // Everything about each person reads the same from both stores.
        for email in ["a@example.net", "c@example.net", "d@example.net"] {
            #expect(try cli(["subscribers", "show", email, "--json"]).stdout == (try cli(["subscribers", "show", email, "--json"], db: postgres)).stdout, "\(email)")
        }
        #expect(try cli(["subscribers", "export", "--format", "json"]).stdout == (try cli(["subscribers", "export", "--format", "json"], db: postgres)).stdout)
        // The erased address stays out, the sent posts stay sent, ids go on after the copied ones.
        try Data("email\nb@example.net\n".utf8).write(to: dir.appendingPathComponent("b.csv"))
        #expect(try cli(["subscribers", "import", "b.csv"], db: postgres).stdout.contains("1 erased earlier (left out)"))
        #expect(try cli(["send", "--since", "30d"], db: postgres).stdout == "No new posts since the last digest; nothing to send.\n")
        #expect(try cli(["subscribers", "add", "e@example.net", "--confirmed"], db: postgres).status == 0)
        #expect(try !cli(["subscribers", "show", "e@example.net", "--json"], db: postgres).stdout.contains("import"))
        #expect(try cli(["store", "copy", "--to", "other.sqlite"]).status == 0)
        #expect(try cli(["subscribers", "add", "f@example.net"], db: "other.sqlite").status == 0)
        #expect(try !cli(["subscribers", "show", "f@example.net", "--json"], db: "other.sqlite").stdout.contains("import"))
        #expect(try cli(["subscribers", "show", "a@example.net", "--json"], db: "other.sqlite").stdout.contains("import"))
        // A non-empty target is refused; and back to a new SQLite file.
        let again = try cli(["store", "copy", "--to", postgres])
        #expect(again.status == 1 && again.stderr.contains("is not empty (its subscriber table has rows)"), "\(again.stderr)")
        let back = try cli(["store", "copy", "--to", "back.sqlite"], db: postgres)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try cli(["subscribers", "show", "e@example.net", "--json"], db: "back.sqlite").stdout
                == (try cli(["subscribers", "show", "e@example.net", "--json"], db: postgres)).stdout)
    }
}
