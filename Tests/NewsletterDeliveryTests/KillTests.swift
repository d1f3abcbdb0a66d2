import Foundation
import TestProcesses
import Testing

let newsletterBinary = BuiltBinary.newsletter

/// `kill -9` of `newsletter send` at random moments, then a rerun: nobody gets the digest
/// twice and nobody is missed but the copies the rerun reports as in flight.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct KillTests {
    static let binary = newsletterBinary

    func run(_ arguments: [String], in dir: URL, env: [String: String], killAfter: Double? = nil) throws -> (status: Int32, out: String, killed: Bool) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(env) { $1 }
        process.currentDirectoryURL = dir
        let outURL = dir.appendingPathComponent("out-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outURL)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        var killed = false
        if let killAfter {
            Poll.exit(of: process, seconds: killAfter)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        #expect(Poll.exit(of: process, seconds: 300), "newsletter \(arguments.joined(separator: " ")) did not end")
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), killed)
    }

    @Test func killedSendsResumeWithoutDuplicates() throws {
        try killAndResume(["send", "--since", "21d", "--concurrency", "4"], subscribers: 5000, kills: 10)
    }

    /// The same for one post announced to everyone (`send --latest`).
    @Test func killedAnnouncementsResumeWithoutDuplicates() throws {
        try killAndResume(["send", "--latest", "--concurrency", "4"], subscribers: 5000, kills: 6)
    }

    /// Runs `arguments` against aiosmtpd, killing runs at random moments until `kills` of
    /// them were killed or a run ended on its own (a fast send can finish before its moment),
    /// then until one finishes; checks that nobody got it twice and that the only missing
    /// copies are those reported in flight.
    func killAndResume(_ arguments: [String], subscribers count: Int, kills wanted: Int) throws {
        let server = try SMTPServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "email,name\n"
        for i in 0..<count { csv += "k\(i)@example.net,K \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        let env = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_SMTP_URL": server.url, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef",
                   "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>", "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example"]
        #expect(try run(["subscribers", "import", "people.csv", "--confirmed"], in: dir, env: env).status == 0)

        // Kill times come from a seeded generator; the seed is printed so a failure can be replayed.
        let seed = ProcessInfo.processInfo.environment["NEWSLETTER_KILL_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("KillTests: kill times from seed \(seed) (NEWSLETTER_KILL_SEED=\(seed) replays them)")
        var random = SeededGenerator(seed: seed)
        var inFlight: [String] = []
        var kills = 0
        var interrupted = 0
        var runs = 0
        while runs < 40 {
            runs += 1
            // The first runs are killed after a random moment; the rest run to the end.
            let killAfter = kills < wanted ? Double.random(in: 0.15...1.2, using: &random) : nil
            let result = try run(arguments, in: dir, env: env, killAfter: killAfter)
            if result.killed {
                kills += 1
                interrupted += 1
            }
            // Ended before its moment: the send is complete, nothing is left to interrupt.
            if killAfter != nil, !result.killed { kills = wanted }
            for line in result.out.split(separator: "\n") where line.contains("in flight when the earlier send stopped") {
                inFlight += line.components(separatedBy: "not sent again: ").last!.components(separatedBy: ", ")
            }
            if result.out.contains("Sent "), result.status == 0, killAfter == nil { break }
            if result.out.contains("No new posts") || result.out.contains("nothing to send") { break }
        }
        let received = try server.messages().map(\.recipient)
        #expect(Set(received).count == received.count, "duplicates: \(received.count - Set(received).count) (seed \(seed))")
        let missing = Set((0..<count).map { "k\($0)@example.net" }).subtracting(received)
        #expect(missing.isSubset(of: Set(inFlight)), "missed without a report: \(missing.subtracting(inFlight).sorted().prefix(10))")
        #expect(kills == wanted)
        #expect(interrupted > 0, "no run was killed: the send ended before every kill moment")
        #expect(received.count + inFlight.count >= count)
        // At most one copy per connection can be in flight at a kill.
        #expect(inFlight.count <= 4 * interrupted, "\(inFlight.count) reported in flight")
        // One more run changes nothing.
        let again = try run(arguments, in: dir, env: env)
        #expect(again.status == 0 && !again.out.contains("Sent "), "\(again.out)")
        #expect(try server.messages().count == received.count)
    }
}

/// SplitMix64: a small generator whose sequence a seed fixes.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
