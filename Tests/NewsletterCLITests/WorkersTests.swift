import Foundation
import TestProcesses
import Testing

/// Several `newsletter send` workers on one PostgreSQL store, one of them killed.
@Suite(.enabled(if: BuiltBinary.available && (PostgresServer.available || ProcessInfo.processInfo.environment["CI"] != nil),
                "needs the newsletter executable and Debian's postgresql"))
struct WorkersTests {
    /// A started process whose output goes to a file.
    struct Worker {
        let process: Process
        let output: URL

        init(_ arguments: [String], in dir: URL, env: [String: String]) throws {
            process = Process()
            process.executableURL = BuiltBinary.newsletter
            process.arguments = arguments
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(env) { $1 }
            process.currentDirectoryURL = dir
            output = dir.appendingPathComponent("worker-\(UUID().uuidString).txt")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    }

    @Test func threeWorkersSendEachCopyOnceAndOutliveAKilledOne() throws {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        let smtp = try SMTPServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let count = 20_000
        var csv = "email,name\n"
        for i in 0..<count { csv += "w\(i)@example.net,W \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        let env = ["NEWSLETTER_DB": try server.freshDatabase(prefix: "workers"), "NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SECRET": "k",
                   "NEWSLETTER_SMTP_URL": smtp.url, "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>",
                   "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example", "NEWSLETTER_LEASE_SECONDS": "4"]
        let imported = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir)
        #expect(imported.status == 0 && imported.stdout.hasPrefix("Imported 20000 new subscribers"), "\(imported.stdout)\(imported.stderr)")

        // Three at once: one records the issue, the others join it; the second dies mid-send.
        let workers = try (0..<3).map { _ in try Worker(["send", "--since", "30d", "--concurrency", "3"], in: dir, env: env) }
        Thread.sleep(forTimeInterval: 2.5)
        kill(workers[1].process.processIdentifier, SIGKILL)
        for worker in workers { #expect(Poll.exit(of: worker.process, seconds: 300), "a worker did not end: \(worker.text)") }
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
        let after = try CLIRunner.run(["send", "--join"], environment: env, in: dir)
        #expect(after.stdout == "No issue is being sent; --join has nothing to help with.\n", "\(after.stdout)")
    }
}
